//! The config file: the defaults a user would otherwise repeat on every
//! command line, and the source aliases indexing applies. What the command
//! line gives wins, then the environment (SEARCH_INDEX, NO_COLOR), then the
//! file, then the built-in defaults.

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};
use clap::parser::ValueSource;
use clap::ArgMatches;
use news_search::SourceAliases;
use serde::Deserialize;

use crate::cli::{Cli, ColorWhen, Command, FilterArgs, ResultArgs, SortBy};

/// The file's keys; any other is an error, so a misspelt key never goes unnoticed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    index: Option<PathBuf>,
    color: Option<ColorWhen>,
    limit: Option<usize>,
    fragments: Option<usize>,
    sort: Option<SortBy>,
    #[serde(default)]
    aliases: BTreeMap<String, String>,
}

/// Reads the config file (unless --no-config) and fills in what the command
/// line and the environment left to their defaults.
pub fn apply(cli: &mut Cli, matches: &ArgMatches) -> Result<()> {
    if cli.no_config {
        return Ok(());
    }
    let Some((path, named)) = location() else {
        return Ok(());
    };
    let Some(config) = load(&path, named)? else {
        return Ok(());
    };
    if defaulted(matches, "index") {
        if let Some(index) = &config.index {
            cli.index = expand_home(index);
        }
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if defaulted(matches, "color") && !no_color {
        cli.color = config.color.unwrap_or(cli.color);
    }
    let sub = matches.subcommand().map(|(_, m)| m);
    let aliases = aliases(&config, &path)?;
    match (&mut cli.command, sub) {
        (Command::Query(args), Some(m)) => {
            fill_results(&mut args.results, &config, m);
            resolve_source(&mut args.results.filters, &aliases);
        }
        (Command::Similar(args), Some(m)) => {
            fill_results(&mut args.results, &config, m);
            resolve_source(&mut args.results.filters, &aliases);
        }
        (Command::Export(args), _) => resolve_source(&mut args.filters, &aliases),
        (Command::Index(args), _) => args.indexing.aliases = aliases,
        (Command::Watch(args), _) => args.indexing.aliases = aliases,
        _ => {}
    }
    Ok(())
}

/// `--source` named by an alias means the source it was indexed under.
fn resolve_source(filters: &mut FilterArgs, aliases: &SourceAliases) {
    if let Some(source) = &mut filters.source {
        *source = aliases.resolve(source).to_owned();
    }
}

fn fill_results(args: &mut ResultArgs, config: &Config, matches: &ArgMatches) {
    if defaulted(matches, "limit") {
        args.limit = config.limit.unwrap_or(args.limit);
    }
    if defaulted(matches, "fragments") {
        args.fragments = config.fragments.unwrap_or(args.fragments);
    }
    if defaulted(matches, "sort") {
        args.sort = config.sort.unwrap_or(args.sort);
    }
}

/// Whether a flag took its built-in default: neither typed nor from the environment.
fn defaulted(matches: &ArgMatches, id: &str) -> bool {
    matches!(
        matches.value_source(id),
        None | Some(ValueSource::DefaultValue)
    )
}

/// SEARCH_CONFIG (a file the user named: it must be there), else the XDG
/// place, $XDG_CONFIG_HOME or ~/.config (it may well not exist).
fn location() -> Option<(PathBuf, bool)> {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(path) = set("SEARCH_CONFIG") {
        return Some((PathBuf::from(path), true));
    }
    // The XDG spec: a relative XDG_CONFIG_HOME is invalid and ignored.
    let base = set("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| set("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some((base.join("news-search").join("config.toml"), false))
}

fn load(path: &Path, named: bool) -> Result<Option<Config>> {
    let shown = path.display();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == ErrorKind::NotFound && !named => return Ok(None),
        Err(e) => {
            bail!("cannot read the config file {shown} ({e}): fix it, or run with --no-config")
        }
    };
    toml::from_str(&text).map(Some).map_err(|e| {
        let line = e
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        let at = line.map(|n| format!(", line {n}")).unwrap_or_default();
        let what = e.message().trim_end().replace('\n', " ");
        anyhow!("config file {shown}{at}: {what}: fix it, or run with --no-config")
    })
}

/// The file's aliases as the library takes them; two spellings of one
/// alias (they match without case) that name different sources are an error.
fn aliases(config: &Config, path: &Path) -> Result<SourceAliases> {
    let mut aliases = SourceAliases::default();
    for (alias, name) in &config.aliases {
        if let Some(other) = aliases.conflict(alias, name) {
            bail!(
                "config file {}: the alias \"{alias}\" names both \"{other}\" and \"{name}\" \
                 (aliases match without case): keep one",
                path.display()
            );
        }
        aliases.insert(alias, name);
    }
    Ok(aliases)
}

/// "~/news/index" under the home folder, as a shell would read it.
fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_reads() {
        let config: Config = toml::from_str(
            "index = \"~/news-index\"\ncolor = \"never\"\nlimit = 20\nfragments = 1\n\
             sort = \"newest\"\n[aliases]\n\"www.cnn.com\" = \"CNN\"\n",
        )
        .unwrap();
        assert_eq!(config.color, Some(ColorWhen::Never));
        assert_eq!(config.sort, Some(SortBy::Newest));
        assert_eq!((config.limit, config.fragments), (Some(20), Some(1)));
        assert_eq!(config.aliases["www.cnn.com"], "CNN");
    }

    #[test]
    fn a_bad_value_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "limit = 5\nsort = \"best\"\n").unwrap();
        let message = load(&path, true).unwrap_err().to_string();
        assert!(message.contains(", line 2: "), "{message}");
    }
}
