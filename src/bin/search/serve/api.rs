//! The JSON API: each answer is the document the command line prints with
//! `--json` (`search query`, `show`, `similar`, `stats`), written by the same
//! code; searches add the time they took.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::failure::{self, Failure};
use super::params::{self, Params};
use super::shared::Shared;

/// The OpenAPI 3 document describing this API.
pub const OPENAPI: &str = include_str!("openapi.json");

/// A document with the milliseconds its search took, as `took_ms`.
#[derive(Serialize)]
pub struct Timed<T> {
    #[serde(flatten)]
    pub document: T,
    pub took_ms: f64,
}

impl<T> Timed<T> {
    /// Runs `search`, timing it.
    pub fn of(search: impl FnOnce() -> news_search::Result<T>) -> Result<Timed<T>, Failure> {
        let start = Instant::now();
        let document = search()?;
        let took_ms = start.elapsed().as_micros() as f64 / 1000.0;
        Ok(Timed { document, took_ms })
    }
}

/// The parameters of a request, as the route takes them.
pub type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

pub fn params(pairs: Pairs, takes: &[&str]) -> Result<Params, Failure> {
    let Query(pairs) = pairs.map_err(|rejection| Failure::bad_request(rejection.body_text()))?;
    Params::new(pairs, takes)
}

/// The `{id}` of a route, as the route's path gives it.
pub type Id = Result<Path<String>, PathRejection>;

/// The id an `{id}` names: one as `search query --json` prints it. Anything
/// else (not even UTF-8) names no article, and is answered without a look
/// at the index.
pub fn article_id(id: Id) -> Result<String, Failure> {
    let Path(id) = id.map_err(|_| Failure::no_article("(not UTF-8)"))?;
    checked_id(&id).map(str::to_owned)
}

fn checked_id(id: &str) -> Result<&str, Failure> {
    let plausible =
        !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric());
    if plausible {
        Ok(id)
    } else {
        Err(Failure::no_article(&id.escape_debug().to_string()))
    }
}

/// `GET /api/search`: `search query --json`, plus `took_ms`.
pub async fn search(State(shared): State<Arc<Shared>>, pairs: Pairs) -> Response {
    answer(async {
        let params = params(pairs, params::SEARCH)?;
        let query = params.get("q").unwrap_or_default().to_owned();
        let request = params.request(query)?;
        shared
            .search(move |index| Timed::of(|| index.search(&request)))
            .await
    })
    .await
}

/// `GET /api/articles/{id}`: `search show --json`, with `q`'s words marked.
pub async fn article(State(shared): State<Arc<Shared>>, id: Id, pairs: Pairs) -> Response {
    answer(async {
        let params = params(pairs, params::ARTICLE)?;
        let id = article_id(id)?;
        let query = params.get("q").map(str::to_owned);
        shared
            .search(move |index| Ok(index.show_id(&id, query.as_deref())?))
            .await
    })
    .await
}

/// `GET /api/similar/{id}`: `search similar --json`, plus `took_ms`.
pub async fn similar(State(shared): State<Arc<Shared>>, id: Id, pairs: Pairs) -> Response {
    answer(async {
        let params = params(pairs, params::SIMILAR)?;
        let id = article_id(id)?;
        let request = params.request(String::new())?;
        shared
            .search(move |index| Timed::of(|| index.similar_to_id(&id, &request)))
            .await
    })
    .await
}

/// `GET /api/stats`: `search stats --json`.
pub async fn stats(State(shared): State<Arc<Shared>>, pairs: Pairs) -> Response {
    answer(async {
        params(pairs, &[])?;
        shared.search(|index| Ok(index.stats()?)).await
    })
    .await
}

/// `GET /api/openapi.json`.
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// The document, or the failure, as JSON.
async fn answer<T: Serialize>(
    work: impl std::future::Future<Output = Result<T, Failure>>,
) -> Response {
    match work.await {
        Ok(document) => failure::json(StatusCode::OK, &document),
        Err(failure) => failure.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ids_are_looked_up() {
        assert_eq!(
            checked_id("4377082473784e24").ok(),
            Some("4377082473784e24")
        );
        for key in [
            "",
            "../etc/passwd",
            "news/a.txt",
            "a b",
            "/etc",
            &"a".repeat(65),
        ] {
            assert_eq!(checked_id(key).unwrap_err().status, StatusCode::NOT_FOUND);
        }
    }
}
