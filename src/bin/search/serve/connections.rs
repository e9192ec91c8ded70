//! Connections accepted and served over HTTP/1.1, each with a bound on the
//! time its request head may take and on how many are open at once, and
//! each told to finish when the server stops (what `axum::serve` leaves
//! out: a client sending its headers a byte a minute would hold a
//! connection for ever).

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;

/// How long a request's line and headers may take to arrive; an idle
/// kept-alive connection is closed after as long.
const HEAD_TIME: Duration = Duration::from_secs(10);
/// Connections open at once; more wait in the kernel's queue.
const MAX_CONNECTIONS: usize = 1024;

/// Serves `app` on `listener` until `stopping` turns true; then open
/// connections finish their requests, and this returns once all have closed.
pub async fn serve(listener: TcpListener, app: Router, mut stopping: watch::Receiver<bool>) {
    let room = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut open = JoinSet::new();
    loop {
        let place = tokio::select! {
            place = Arc::clone(&room).acquire_owned() => place,
            () = stopped(&mut stopping) => break,
        };
        let Ok(place) = place else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = stopped(&mut stopping) => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // Out of file descriptors, or a connection reset before it
            // was taken: try again a moment later.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        let mut stop = stopping.clone();
        open.spawn(async move {
            let _place = place;
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIME)
                .serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = stopped(&mut stop) => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
        // Reap finished connections as we go.
        while open.try_join_next().is_some() {}
    }
    while open.join_next().await.is_some() {}
}

/// Ends when the server stops (or can no longer be told to).
pub async fn stopped(stopping: &mut watch::Receiver<bool>) {
    let _ = stopping.wait_for(|stop| *stop).await;
}
