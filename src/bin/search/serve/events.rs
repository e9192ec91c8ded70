//! `GET /api/events`: server-sent events, one `commit` event for each commit
//! to the index (by any process), with a comment every 15 s to keep the
//! connection open; streams end when the server stops.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use tokio::sync::broadcast::error::RecvError;

use super::api::{params, Pairs};
use super::connections::stopped;
use super::shared::{Commit, Shared};

pub async fn stream(State(shared): State<Arc<Shared>>, pairs: Pairs) -> Response {
    if let Err(failure) = params(pairs, &[]) {
        return failure.into_response();
    }
    let (place, commits) = match shared.subscribe() {
        Ok(subscribed) => subscribed,
        Err(failure) => return failure.into_response(),
    };
    let state = (place, commits, shared.stopping());
    let events = stream::unfold(state, |(place, mut commits, mut stopping)| async move {
        let commit = tokio::select! {
            commit = next_commit(&mut commits) => commit?,
            () = stopped(&mut stopping) => return None,
        };
        let event = Event::default()
            .event("commit")
            .json_data(&commit)
            .unwrap_or_else(|_| Event::default().event("commit"));
        Some((Ok::<_, Infallible>(event), (place, commits, stopping)))
    });
    Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// The next commit; after commits this stream fell behind on, the latest.
async fn next_commit(commits: &mut tokio::sync::broadcast::Receiver<Commit>) -> Option<Commit> {
    loop {
        match commits.recv().await {
            Ok(commit) => return Some(commit),
            Err(RecvError::Lagged(_)) => continue,
            Err(RecvError::Closed) => return None,
        }
    }
}
