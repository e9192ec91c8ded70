//! The search page at `/` and the article view at `/articles/{id}`: HTML
//! rendered here, complete without JavaScript (a GET form, links for
//! facets and pages); `search.js`, embedded in the binary, then makes it
//! answer as you type, from the JSON API.

mod link;
mod view;

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use news_search::{SearchRequest, SearchResults, ShownArticle};

use self::link::Form;
use super::api::{article_id, params, Id, Pairs};
use super::failure::Failure;
use super::params;
use super::shared::Shared;

const SCRIPT: &str = include_str!("../assets/search.js");
const STYLE: &str = include_str!("../assets/style.css");

/// Hits a page shows unless the link asks for another number.
const PAGE_HITS: usize = 10;
/// Similar articles listed under an article.
const SIMILAR: usize = 5;

/// `GET /?q=...`: the form, and the results when there is a query.
pub async fn search(State(shared): State<Arc<Shared>>, pairs: Pairs) -> Response {
    let answer = async {
        let params = params(pairs, params::SEARCH)?;
        let form = Form::from_params(&params);
        if form.q.trim().is_empty() {
            return Ok(view::search(&form, None));
        }
        let mut request: SearchRequest = params.request(form.q.clone())?;
        request.facets = true;
        if params.get("limit").is_none() {
            request.limit = PAGE_HITS;
        }
        let results: SearchResults = shared
            .search(move |index| Ok(index.search(&request)?))
            .await?;
        Ok(view::search(&form, Some(&results)))
    };
    html(answer.await)
}

/// `GET /articles/{id}?q=...`: the article whole, the query's words marked,
/// and the articles most like it.
pub async fn article(State(shared): State<Arc<Shared>>, id: Id, pairs: Pairs) -> Response {
    let answer = async {
        let params = params(pairs, params::SEARCH)?;
        let form = Form::from_params(&params);
        let id = article_id(id)?;
        let query = Some(form.q.clone()).filter(|q| !q.trim().is_empty());
        let similar = SearchRequest::new("").limit(SIMILAR).fragments(0);
        let (shown, like) = shared
            .search(move |index| {
                let shown = index.show_id(&id, query.as_deref())?;
                let first = shown.articles.into_iter().next();
                let first = first.ok_or_else(|| Failure::no_article(&id))?;
                // An article too short to have telling words has no list.
                let like = index.similar_to_id(&id, &similar).ok();
                Ok((first, like))
            })
            .await?;
        let shown: ShownArticle = shown;
        Ok(view::article(&form, &shown, like.as_ref()))
    };
    html(answer.await)
}

pub async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

pub async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}

fn asset(kind: &'static str, text: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        text,
    )
        .into_response()
}

/// A failure as a page, with its status.
pub fn failure(failure: &Failure) -> Response {
    (failure.status, Html(view::failure(failure).into_string())).into_response()
}

fn html(answer: Result<maud::Markup, Failure>) -> Response {
    match answer {
        Ok(page) => (StatusCode::OK, Html(page.into_string())).into_response(),
        Err(refused) => failure(&refused),
    }
}
