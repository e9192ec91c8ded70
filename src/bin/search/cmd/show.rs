//! `search show`: one article whole, through the pager on a terminal.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use news_search::NewsIndex;

use crate::cli::ShowArgs;
use crate::{pager, render, Status};

pub fn run(index_path: &Path, args: &ShowArgs) -> Result<Status> {
    let index = NewsIndex::open(index_path)?;
    let shown = index.show(&args.article, args.query.as_deref())?;
    if args.json {
        render::json(&shown)?;
        return Ok(Status::Found);
    }
    // Styled as for a terminal; the codes are stripped where colour is off.
    let mut styled = Vec::new();
    for (i, shown) in shown.articles.iter().enumerate() {
        if i > 0 {
            writeln!(styled)?;
        }
        render::article(&mut styled, &shown.article, shown.highlights.as_ref())?;
    }
    pager::page(&styled, args.no_pager)?;
    Ok(Status::Found)
}
