//! `search serve`: the HTTP API and the search page, over one open index
//! that follows every commit, by this process or another.
//!
//! `connections` accepts and bounds connections; `shared` holds the index
//! and tells of commits; `api` answers JSON,
//! `events` streams commits, `page` renders HTML; `params` reads a request's
//! parameters as the command line reads its flags, and `failure` turns every
//! refusal into its status and body. Requests name articles by id only, so
//! none reaches the file system but through the index.

mod api;
mod connections;
mod events;
mod failure;
mod page;
mod params;
mod shared;
mod watching;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::watch;

use self::failure::Failure;
use self::shared::Shared;
use self::watching::Watching;
use crate::cli::ServeArgs;
use crate::Status;

/// The longest request target (path and query) answered; longer gets 414.
const MAX_TARGET_BYTES: usize = 8 * 1024;
/// The largest request body announced; larger gets 413. No route reads one.
const MAX_BODY_BYTES: u64 = 16 * 1024;
/// How long open connections get to finish after Ctrl-C or SIGTERM.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The API's routes, as the OpenAPI document lists them (a test keeps the
/// two the same).
pub const API_ROUTES: [&str; 6] = [
    "/api/search",
    "/api/articles/{id}",
    "/api/similar/{id}",
    "/api/stats",
    "/api/events",
    "/api/openapi.json",
];

pub fn run(index_path: &Path, args: &ServeArgs) -> Result<Status> {
    if !args.addr.ip().is_loopback() && !args.public {
        bail!(
            "{} can be reached from other machines, and the server has no authentication: \
             add --public to serve there anyway, or listen on 127.0.0.1",
            args.addr
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .enable_time()
        .build()
        .context("cannot start the server's threads")?;
    runtime.block_on(serve(index_path, args))?;
    // Searches still running past the grace period are not waited for.
    runtime.shutdown_timeout(Duration::from_millis(100));
    Ok(Status::Found)
}

async fn serve(index_path: &Path, args: &ServeArgs) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr()?;
    if !addr.ip().is_loopback() {
        eprintln!(
            "search: warning: listening on {addr}, which other machines can reach: anyone who \
             can reach it can read every article, as there is no authentication"
        );
    }
    // The watch adds its folders (creating the index on a first run)
    // before the index is opened for searching.
    let mut watching = match &args.watch {
        Some(folders) => Some(Watching::start(index_path, folders)?),
        None => None,
    };
    let (stop, stopping) = watch::channel(false);
    let shared = Shared::start(index_path, args.max_searches.into(), stopping.clone());
    let app = router(Arc::clone(&shared));
    let server = tokio::spawn(connections::serve(listener, app, stopping));
    // Listening for the signals before the address is printed: whoever
    // reads it may stop the server at once.
    let stopped = shutdown_signal()?;
    eprintln!(
        "search: serving {} at {} (Ctrl-C stops)",
        index_path.display(),
        url(addr)
    );
    let watch_ended = async {
        match watching.as_mut() {
            Some(watching) => watching.ended().await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        signal = stopped => signal?,
        () = watch_ended => {}
    }
    let _ = stop.send(true);
    // The watch commits what is pending while connections drain.
    let watched = match watching {
        Some(watching) => watching.stop().await,
        None => Ok(()),
    };
    shared.stop();
    // Connections still open after the grace period are dropped.
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, server).await;
    watched
}

/// `http://127.0.0.1:7700/`, `http://[::1]:7700/`.
fn url(addr: SocketAddr) -> String {
    format!("http://{addr}/")
}

/// Ctrl-C, or SIGTERM (what service managers and `kill` send): the
/// handlers are in place when this returns, the future ends at either.
fn shutdown_signal() -> Result<impl std::future::Future<Output = Result<()>>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?;
        let mut interrupt = signal(SignalKind::interrupt()).context("cannot listen for Ctrl-C")?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = term.recv() => {}
            }
            Ok(())
        })
    }
    #[cfg(not(unix))]
    Ok(async {
        tokio::signal::ctrl_c()
            .await
            .context("cannot listen for Ctrl-C")
    })
}

/// Every route, the fallbacks that answer the rest, and the guard around them.
fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(API_ROUTES[0], get(api::search))
        .route(API_ROUTES[1], get(api::article))
        .route(API_ROUTES[2], get(api::similar))
        .route(API_ROUTES[3], get(api::stats))
        .route(API_ROUTES[4], get(events::stream))
        .route(API_ROUTES[5], get(api::openapi))
        .route("/", get(page::search))
        .route("/articles/{id}", get(page::article))
        .route("/assets/search.js", get(page::script))
        .route("/assets/style.css", get(page::style))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(guard))
        .with_state(shared)
}

async fn not_found(request: Request) -> Response {
    let failure = Failure::new(StatusCode::NOT_FOUND, "no such page or API route");
    if request.uri().path().starts_with("/api/") {
        failure.into_response()
    } else {
        page::failure(&failure)
    }
}

async fn method_not_allowed() -> Response {
    let message = "this route only answers GET (and HEAD)";
    let mut response = Failure::new(StatusCode::METHOD_NOT_ALLOWED, message).into_response();
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    response
}

/// Refuses what no route should see (a huge target, a body), and adds the
/// headers that keep a browser strict with every answer.
async fn guard(request: Request, next: Next) -> Response {
    let target = request
        .uri()
        .path_and_query()
        .map_or(0, |target| target.as_str().len());
    if target > MAX_TARGET_BYTES {
        let message = format!("the request's path and query exceed {MAX_TARGET_BYTES} bytes");
        return secured(Failure::new(StatusCode::URI_TOO_LONG, message).into_response());
    }
    let body = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok()?.parse::<u64>().ok());
    if body.is_some_and(|bytes| bytes > MAX_BODY_BYTES) {
        let message = format!("request bodies are limited to {MAX_BODY_BYTES} bytes");
        return secured(Failure::new(StatusCode::PAYLOAD_TOO_LARGE, message).into_response());
    }
    secured(next.run(request).await)
}

/// The page's script and styles come from this server alone; nothing is
/// framed, sniffed or told where it was linked from.
fn secured(mut response: Response) -> Response {
    const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
        img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; \
        frame-ancestors 'none'";
    let headers = response.headers_mut();
    let set = [
        (header::CONTENT_SECURITY_POLICY, POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in set {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_openapi_document_lists_every_api_route_and_no_other() {
        let document: serde_json::Value =
            serde_json::from_str(api::OPENAPI).expect("openapi.json is JSON");
        assert_eq!(document["openapi"].as_str().map(|v| &v[..2]), Some("3."));
        let mut documented: Vec<&str> = document["paths"]
            .as_object()
            .expect("paths")
            .keys()
            .map(String::as_str)
            .collect();
        let mut served = API_ROUTES.to_vec();
        documented.sort_unstable();
        served.sort_unstable();
        assert_eq!(documented, served);
    }

    #[test]
    fn urls_bracket_ipv6_addresses() {
        assert_eq!(
            url("127.0.0.1:7700".parse().unwrap()),
            "http://127.0.0.1:7700/"
        );
        assert_eq!(url("[::1]:80".parse().unwrap()), "http://[::1]:80/");
    }
}
