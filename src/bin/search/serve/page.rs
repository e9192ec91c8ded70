//! The search page.
use super::api::Pairs;
use super::failure::Failure;
use super::shared::Shared;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
pub async fn search(State(_shared): State<Arc<Shared>>, _pairs: Pairs) -> Response {
    "todo".into_response()
}
pub async fn article(
    State(_shared): State<Arc<Shared>>,
    Path(_id): Path<String>,
    _pairs: Pairs,
) -> Response {
    "todo".into_response()
}
pub async fn script() -> Response {
    "".into_response()
}
pub async fn style() -> Response {
    "".into_response()
}
pub fn failure(failure: &Failure) -> Response {
    failure.clone().into_response()
}
