//! A request refused or failed: its status and message, answered as
//! `{"error": "...", "status": N}` (the page shows the same message).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use news_search::Error;
use serde::Serialize;

use crate::render;

/// Seconds a client told 503 is asked to wait before trying again.
const RETRY_AFTER_SECS: &str = "1";

#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    #[serde(rename = "error")]
    pub message: String,
    #[serde(serialize_with = "status_code")]
    pub status: StatusCode,
}

fn status_code<S: serde::Serializer>(status: &StatusCode, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u16(status.as_u16())
}

impl Failure {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            status,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn no_article(id: &str) -> Failure {
        Failure::new(
            StatusCode::NOT_FOUND,
            format!("no article has the id \"{id}\""),
        )
    }

    /// Every search slot stayed taken while the request waited.
    pub fn busy() -> Failure {
        Failure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is busy with other searches: try again in a moment",
        )
    }

    pub fn internal() -> Failure {
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error: this is a bug, please report it with the request that caused it",
        )
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        let status = match &error {
            Error::BadQuery { .. } | Error::PageTooDeep { .. } => StatusCode::BAD_REQUEST,
            Error::ArticleNotFound { key, .. } => return Failure::no_article(key),
            // The index is missing, being replaced, damaged or not ours:
            // another moment (or a `search index`) may mend it.
            Error::IndexNotFound { .. }
            | Error::IndexLocked { .. }
            | Error::IncompatibleIndex { .. }
            | Error::DamagedIndex { .. }
            | Error::NotAnIndex { .. }
            | Error::IndexAccess { .. }
            | Error::Io { .. }
            | Error::Index { .. } => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Failure::new(status, error.to_string())
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let mut response = json(self.status, &self);
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from_static(RETRY_AFTER_SECS),
            );
        }
        response
    }
}

/// `value` as `--json` prints it (control characters escaped), with `status`.
pub fn json(status: StatusCode, value: &impl Serialize) -> Response {
    let mut body = Vec::new();
    if render::json_to(&mut body, value).is_err() {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    }
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}
