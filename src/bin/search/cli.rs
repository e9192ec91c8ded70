//! The command line, as clap types: one struct per subcommand.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use news_search::DateError;
use serde::Deserialize;
use time::Date;

const ABOUT: &str = "Local-first full-text search for a folder of news articles.";

const LONG_ABOUT: &str = "\
Local-first full-text search for a folder of news articles.

Index a folder once, then search it in milliseconds; re-indexing reads only
new and changed files.

  search index corpus/          index (or refresh) a folder
  search query \"H100\"           ranked hits with highlighted snippets
  search query --json nvidia    the same as one JSON document
  search show <ID|PATH>         one article, whole
  search similar <ID|PATH>      the articles most like one
  search stats                  what the index holds
  search compact                merge the index's segments: faster queries
  search export > all.ndjson    every article, for other tools or a cluster
  search serve                  an HTTP API and a search page on 127.0.0.1:7700
  search watch corpus/          keep the index fresh as files change
  search completions bash       tab completion for a shell
  search man                    this manual as a man page";

const AFTER_HELP: &str = "\
EXIT STATUS:
  0    results found (query) or run completed (index, watch, stats, compact)
  1    no results
  2    error: bad query, missing index or folder, index locked or damaged
  130  indexing stopped by Ctrl-C (the index is unchanged)

CONFIG FILE:
  Defaults for --index, --color, --limit, --fragments and --sort, and source
  aliases (\"www.cnn.com\" = \"CNN\"), in TOML: see the README, \"The config
  file\". Read from $SEARCH_CONFIG, else
  $XDG_CONFIG_HOME/news-search/config.toml, else
  ~/.config/news-search/config.toml. A flag beats the environment, which
  beats the file, which beats the defaults shown here.

ENVIRONMENT:
  SEARCH_INDEX     index directory when --index is not given
  NO_COLOR         disables colour when --color is not given
  SEARCH_CONFIG    the config file to read (it must exist)
  XDG_CONFIG_HOME  where config files are (default ~/.config)";

#[derive(Debug, Parser)]
#[command(name = "search", version, about = ABOUT, long_about = LONG_ABOUT, after_help = AFTER_HELP)]
pub struct Cli {
    /// Index directory.
    #[arg(
        long,
        global = true,
        env = "SEARCH_INDEX",
        default_value = "./index",
        value_name = "DIR"
    )]
    pub index: PathBuf,

    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    /// Read no config file: only flags, environment and built-in defaults.
    #[arg(long, global = true)]
    pub no_config: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorWhen {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Colour even when piped.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index folders of articles, incrementally.
    ///
    /// Walks each folder recursively, as ripgrep does: hidden files and folders
    /// are skipped, and so is what the .gitignore, .ignore and .searchignore files
    /// inside the folder exclude (in a git repository or not). It indexes
    /// the articles of plain text (.txt), Markdown (.md), web pages (.html), JSON
    /// and NDJSON files, and RSS and Atom feeds, gzipped or not (README: "Formats and
    /// metadata"). Each article is indexed in its language: the one it states,
    /// else the one detected from its text (README: "Languages"). Other files
    /// are counted as skipped. Re-running reads
    /// only new and changed files and removes the articles of deleted ones; every
    /// run lands in one commit, so an interrupted run leaves the index as it was.
    /// Several folders can share one index; with no folder, every folder the index
    /// already holds is refreshed (one that is gone is reported, and its articles
    /// kept until a --rebuild names the folders to keep). A run that wrote more
    /// than two segments (one per 19,000 or so articles) merges them into two
    /// after its commit, for faster queries.
    ///
    /// --hidden, --no-ignore and --glob are recorded with the folders they are
    /// given with, and a refresh walks each folder as it was walked before;
    /// naming a folder again without them walks it by default again. A file an
    /// ignore rule or a glob now leaves out has its articles removed.
    Index(Deferred<IndexArgs>),
    /// Search the index: ranked hits with highlighted snippets.
    ///
    /// Every word must match, in the title or the body; an article whose title
    /// holds the whole query ranks higher. When no article has them all, articles
    /// with any of them are shown and a note says so; fields, dates and
    /// exclusions still apply, and when they leave nothing the note says which
    /// one did. Words match their other forms: "chips" finds "chip", "cafe"
    /// finds "Café". A word of 5 or more letters that few articles hold also
    /// matches indexed words one typo away (an unknown word of 9 or more, two
    /// typos away with the same first letter), ranked below exact matches; an
    /// unknown word gets a "did you mean" note. Near-identical
    /// articles (one wire story in several outlets) show as one hit.
    Query(Deferred<QueryArgs>),
    /// Show one article whole: its metadata, then its text.
    ///
    /// ARTICLE is named as `search query` prints it: the path of an indexed file,
    /// and for one article of a file of several (NDJSON, a feed) its number
    /// ('news/dump.ndjson #3'); or its id, as `search query --json` prints it.
    /// The path alone of a file of several shows them all, in order. With
    /// --query the query's words are highlighted as in search hits. On a
    /// terminal an article taller than the screen opens in the pager ($PAGER,
    /// else less); piped, it is plain text.
    Show(Deferred<ShowArgs>),
    /// Find the articles most like one: those sharing the most of its telling
    /// words (frequent in it, rare in the index).
    ///
    /// The article itself, its copies and its near-identical versions are left
    /// out; near-identical results are collapsed. The words searched for are
    /// highlighted in the snippets and listed with --json as "query".
    ///
    /// ARTICLE is named as `search query` prints it: a path, with the article's
    /// number for one of a file of several ('news/dump.ndjson #3'); or its id,
    /// as `search query --json` prints it.
    Similar(Deferred<SimilarArgs>),
    /// Show what the index holds: articles, duplicates, files, folders, sources,
    /// languages, dates, size on disk and segments, and the time of the last update.
    Stats(Deferred<StatsArgs>),
    /// Merge the index's segments into a few, for faster queries.
    ///
    /// An index is made of segments, and a query opens and reads each of them: an
    /// index run leaves at most two new ones, but each run that adds files adds
    /// its own. Compacting merges them all into at most --segments
    /// (largest first, balanced by articles, the merges run in parallel) and drops
    /// the space of deleted articles. At 1 GB of news (12 segments into 2 on 2
    /// cores) it took about 10 s, and queries then took about half the time
    /// (BENCHMARKS.md). Queries keep working while it runs; an index run started
    /// meanwhile stops at once, saying the index is being updated. Ctrl-C leaves
    /// the index as it was; the files a merge had begun go at the next run that
    /// writes.
    Compact(Deferred<CompactArgs>),
    /// Write the index's articles out, for other tools or a search cluster.
    ///
    /// Every searchable article is written (a story saved twice comes once),
    /// or, with a QUERY or filters, every article that matches: all of them, not
    /// a page, with every word required, no typo tolerance with --exact, and
    /// near-identical articles each written.
    ///
    /// --to ndjson writes one JSON object per line with the fields `search query
    /// --json` uses (id, path, position, title, date, source, author, url,
    /// language, tags, body): to standard output, or to DIR/articles.ndjson with
    /// --out. `search index` reads such a file back as the same articles.
    ///
    /// --to quickwit writes into --out DIR an index configuration for Quickwit
    /// 0.8 (index-config.yaml, index id \"news\", the date as timestamp field) and
    /// articles-00001.ndjson... of at most 10 MB each; Quickwit needs a date in
    /// every document, so undated articles are left out and counted.
    ///
    /// --to elasticsearch writes into --out DIR mapping.json (for PUT /news) and
    /// bulk-00001.ndjson... of at most 10 MB each (for POST /_bulk), each article
    /// with _id = its id, so exporting again updates rather than duplicates.
    ///
    /// Files an earlier export numbered in DIR are replaced. Counts go to
    /// standard error. SCALE.md tells when to move to a cluster and how.
    Export(Deferred<ExportArgs>),
    /// Answer searches over HTTP: a JSON API and a search page for a browser.
    ///
    /// The index is opened once and searched in the server's own process, so a
    /// request costs the search alone. Each commit to the index, by any process
    /// (a `search index` run in another terminal), is seen within a second: the
    /// next searches read it, and pages open in a browser are told new articles
    /// arrived. The server starts even before the index can be read, answering
    /// 503 until it can.
    ///
    /// The page is at / and works without JavaScript; with it, results come as
    /// you type. The API is under /api/: search, articles/{id}, similar/{id},
    /// stats, events (server-sent events, one per commit), described by the
    /// OpenAPI document at /api/openapi.json (README: "Live").
    ///
    /// Safe by default: it listens on loopback only, and an address other
    /// machines can reach needs --public (and prints a warning: there is no
    /// authentication). Queries, pages, request heads (10 s) and bodies are bounded, at most
    /// --max-searches run at once (more wait briefly, then get 503 with
    /// Retry-After), and a search taking over 10 s is answered with 503. Requests
    /// name articles by id only, never by path. Ctrl-C or SIGTERM stops it
    /// cleanly (exit 0).
    ///
    /// With --watch the server also keeps the index fresh, as `search watch`
    /// does in a terminal of its own: files dropped into a watched folder are
    /// searchable, and open pages told of them, about a second later.
    Serve(Deferred<ServeArgs>),
    /// Keep the index fresh: commit changes to the folders as they happen.
    ///
    /// First adds the FOLDERs to the index as `search index FOLDER` would (the
    /// first run creates the index), or with none watches every folder the index
    /// holds, and walks them all once to catch up. Then it asks the system to
    /// report changes (inotify on Linux), watching each folder recursively,
    /// never single files, since editors save by writing a new file and
    /// renaming it over the old one. The changed paths are collected; after a
    /// second without changes, and at most ten seconds after the first however
    /// busy the folders are, they are read again as `search index` reads
    /// (ignore files, hidden files and globs as recorded; a file whose content
    /// is the same is not indexed again; a deleted or renamed file or folder
    /// loses its articles) and land in one commit. Queries in other processes
    /// keep working and see each commit.
    ///
    /// Each commit prints a line on stderr: +3 ~1 -0 in 0.12 s means 3 files
    /// added, 1 changed and 0 removed, committed 0.12 s after the changes were
    /// taken up; a walk of every folder says so after the time. Files that
    /// could not be read are listed above it, as `search index` lists them.
    ///
    /// Editors' temporary files are not looked at: backups (x~), vim's swap
    /// files and its test file (.x.swp, .x.swx, 4913), Emacs' lock files (.#x),
    /// partial downloads and other temporary files (x.part, x.tmp).
    ///
    /// While it runs, it holds the index's writer lock: `search index` and a
    /// second `search watch` stop at once, saying the index is being updated.
    /// Ctrl-C or SIGTERM commits what is pending, then it exits with status 0;
    /// a second Ctrl-C exits at once, leaving the index as the last commit did.
    ///
    /// The system's notifications can be lost: its queue overflows in a burst,
    /// or a folder cannot be watched because the limit on watched folders is
    /// reached. Then it says so and walks every folder again, and it walks them
    /// every --reconcile interval anyway. On Linux each folder below a watched
    /// one takes one of fs.inotify.max_user_watches (8,192 on older kernels): a
    /// bigger tree needs a higher limit (sudo sysctl
    /// fs.inotify.max_user_watches=524288, kept in /etc/sysctl.d/), or --poll.
    /// On file systems that report no changes (network shares, some container
    /// mounts) use --poll, which lists the folders every SECS seconds instead.
    Watch(Deferred<WatchArgs>),
    /// Print a shell's completion script on stdout.
    ///
    /// The script completes the commands, their flags and the values of flags
    /// that take one of a few (--sort, --format, --color). Load it at shell
    /// start, as the examples show; it is generated from the same definition as
    /// --help, so a newer search needs only the script printed again.
    Completions(Deferred<CompletionsArgs>),
    /// Print the manual page, in roff, on stdout.
    ///
    /// With no COMMAND the page is search(1), which lists the commands; with
    /// one, that command's page (search-query(1)), with every flag as its --help
    /// describes it. --dir writes them all, as search.1 and search-COMMAND.1.
    Man(Deferred<ManArgs>),
}

/// A subcommand's flags, added to clap's definition only when that
/// subcommand is parsed, its help shown or the whole definition built
/// (`Command::defer`): a query builds its own flags, not all eleven
/// subcommands' (BENCHMARKS.md, "Only the subcommand run is defined").
#[derive(Debug)]
pub struct Deferred<T>(pub T);

impl<T> std::ops::Deref for Deferred<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Deferred<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: Args> Args for Deferred<T> {
    fn augment_args(command: clap::Command) -> clap::Command {
        command.defer(|command| keeping_about(command, T::augment_args))
    }
    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        command.defer(|command| keeping_about(command, T::augment_args_for_update))
    }
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}

/// `command` with the flags `augment` adds, keeping the description
/// [`Command`]'s variant gave it: a flattened group of flags (`ResultArgs`,
/// ...) would otherwise put its own in place of it.
fn keeping_about(
    command: clap::Command,
    augment: fn(clap::Command) -> clap::Command,
) -> clap::Command {
    let about = command.get_about().cloned();
    let long_about = command.get_long_about().cloned();
    let mut command = augment(command);
    if let Some(about) = about {
        command = command.about(about);
    }
    if let Some(long_about) = long_about {
        command = command.long_about(long_about);
    }
    command
}

impl<T: clap::FromArgMatches> clap::FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }
    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }
    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }
    fn update_from_arg_matches_mut(
        &mut self,
        matches: &mut clap::ArgMatches,
    ) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

/// The subcommands' names, as `search man COMMAND` takes them (a test keeps
/// the list the same as [`Command`]'s).
pub const COMMANDS: [&str; 11] = [
    "index",
    "query",
    "show",
    "similar",
    "stats",
    "compact",
    "export",
    "serve",
    "watch",
    "completions",
    "man",
];

#[derive(Debug, Args)]
#[command(after_help = "\
EXAMPLES:
  search completions bash > ~/.local/share/bash-completion/completions/search
  search completions zsh > ~/.zfunc/_search      # with fpath+=~/.zfunc before compinit
  search completions fish > ~/.config/fish/completions/search.fish
  search completions powershell >> $PROFILE
  eval (search completions elvish | slurp)       # in ~/.config/elvish/rc.elv")]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
#[command(after_help = "\
EXAMPLES:
  search man | man -l -
  search man query | man -l -
  search man --dir ~/.local/share/man/man1    # then: man search, man search-query")]
pub struct ManArgs {
    /// The command whose page to print; none for the page of search itself.
    #[arg(value_name = "COMMAND", value_parser = clap::builder::PossibleValuesParser::new(COMMANDS))]
    pub command: Option<String>,

    /// Write every page into DIR (made if missing) instead of printing one.
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(after_help = "\
EXAMPLES:
  search show corpus/000_d1f253cec5df7d15.txt
  search show --query 'H100 \"data center\"' corpus/000_d1f253cec5df7d15.txt
  search show 'news/dump.ndjson #3'
  search query --json trump | jq -r '.hits[0].id' | xargs search show")]
pub struct ShowArgs {
    /// The article as hits print it ('news/dump.ndjson #3'), a file's path, or an id.
    #[arg(value_name = "ARTICLE")]
    pub article: String,

    /// Highlight this query's words.
    #[arg(long, value_name = "QUERY")]
    pub query: Option<String>,

    /// Print the article(s) as one JSON document on stdout.
    #[arg(long)]
    pub json: bool,

    /// Never open a pager.
    #[arg(long)]
    pub no_pager: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "\
EXAMPLES:
  search similar corpus/000_d1f253cec5df7d15.txt
  search similar 'news/dump.ndjson #3'
  search similar --since 1y --limit 20 4377082473784e24")]
pub struct SimilarArgs {
    /// The article as hits print it ('news/dump.ndjson #3'), a file's path, or an id.
    #[arg(value_name = "ARTICLE")]
    pub article: String,

    #[command(flatten)]
    pub results: ResultArgs,
}

/// Flags shared by the commands that list hits.
#[derive(Debug, Args)]
pub struct ResultArgs {
    /// Number of hits to show.
    #[arg(long, short = 'n', default_value_t = news_search::DEFAULT_LIMIT, value_name = "N")]
    pub limit: usize,

    /// Number of best hits to skip (for paging). A page must end by hit
    /// 10,000: narrow the query to see further.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,

    /// Order of the hits: best match first, or by publication date (undated
    /// articles last).
    #[arg(long, value_enum, default_value_t = SortBy::Relevance, value_name = "ORDER")]
    pub sort: SortBy,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Passages of each article to show, best first (0 shows none).
    #[arg(long, default_value_t = news_search::DEFAULT_FRAGMENTS, value_name = "N")]
    pub fragments: usize,

    /// After the hits, count all matching articles by source, by language
    /// and by month (by year over long spans), with a timeline.
    #[arg(long)]
    pub facets: bool,

    /// How to print the results [default: text].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Print the results as one JSON document on stdout (--format json).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// Print the path of each file the hits are in, one a line, each once
    /// (--format paths), as for xargs.
    #[arg(long, short = 'l', conflicts_with_all = ["format", "json"])]
    pub files_with_matches: bool,

    /// End each path with a NUL byte instead of a line feed, for xargs -0;
    /// piped, the paths are then written exactly as the files are named
    /// (implies -l).
    #[arg(long, short = '0', conflicts_with = "json")]
    pub null: bool,
}

impl ResultArgs {
    /// The output format the flags ask for.
    pub fn format(&self) -> Format {
        if self.json {
            Format::Json
        } else if self.files_with_matches || (self.null && self.format.is_none()) {
            Format::Paths
        } else {
            self.format.unwrap_or(Format::Text)
        }
    }

    /// A combination of flags clap cannot rule out by itself, as a message.
    pub fn mistake(&self) -> Option<String> {
        let format = self.format();
        let name = format.to_possible_value()?.get_name().to_owned();
        if self.null && format != Format::Paths {
            return Some(format!(
                "--null ends each path of -l (--format paths) with a NUL byte: \
                 it cannot go with --format {name}"
            ));
        }
        if self.facets && !matches!(format, Format::Text | Format::Json) {
            return Some(format!(
                "--facets are shown in text and JSON output: they cannot go with --format {name}"
            ));
        }
        None
    }
}

/// How `query` and `similar` print their results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: each hit's title, dateline, path and passages.
    Text,
    /// One JSON document: the hits with every field, counts, notes, facets.
    Json,
    /// One JSON object a line, for each hit (as in the "hits" of json).
    Ndjson,
    /// A header, then a row for each hit: rank, score, id, path, title, date,
    /// source, author, url, lang and the first passage.
    Csv,
    /// The path of each file the hits are in, once each (as -l).
    Paths,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Best match first.
    Relevance,
    /// Latest first.
    Newest,
    /// Earliest first.
    Oldest,
}

impl From<SortBy> for news_search::Sort {
    fn from(sort: SortBy) -> Self {
        match sort {
            SortBy::Relevance => news_search::Sort::Relevance,
            SortBy::Newest => news_search::Sort::Newest,
            SortBy::Oldest => news_search::Sort::Oldest,
        }
    }
}

#[derive(Debug, Args)]
pub struct CompactArgs {
    /// Segments to leave at most (at least 1; an index of fewer than 10,000
    /// articles becomes one). Fewer make queries faster and the merge longer.
    #[arg(long, default_value_t = 2, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub segments: u16,

    /// Print no report.
    #[arg(long, short)]
    pub quiet: bool,

    /// Print the report as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print the statistics as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "\
EXAMPLES:
  search index corpus/                   index a folder into ./index
  search index corpus/ ~/saved-news/     two folders, one index
  search index                           refresh every folder already indexed
  search index --rebuild corpus/         start over, with corpus/ alone
  search index --glob '!drafts/**' corpus/    leave corpus/drafts/ out
  search index --glob '*.md' notes/      only the Markdown files of notes/")]
pub struct IndexArgs {
    /// Folders to index, or files to index on their own (a refresh reads such a
    /// file alone, not the rest of its folder); none refreshes every folder
    /// and file the index holds.
    #[arg(value_name = "FOLDER")]
    pub folders: Vec<PathBuf>,

    /// Build the index afresh: from the folders named, which are then all it
    /// holds, or from every folder it holds.
    #[arg(long)]
    pub rebuild: bool,

    #[command(flatten)]
    pub indexing: IndexingArgs,

    /// Print the report as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,

    /// Print nothing but errors: no progress bar, no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

/// How `index` and `watch` walk the folders they name, and write.
#[derive(Debug, Args)]
pub struct IndexingArgs {
    /// Index hidden files and folders too (names starting with a dot).
    #[arg(long)]
    pub hidden: bool,

    /// Read no .gitignore, .ignore or .searchignore file.
    #[arg(long)]
    pub no_ignore: bool,

    /// Include files that match GLOB, or with a leading '!' exclude them
    /// (ripgrep's --glob): matched against the path inside the folder, so
    /// '!drafts/**' leaves out the folder's drafts/; once one glob without
    /// '!' is given, only files matching such a glob are indexed. Repeat it
    /// for several; a later glob wins over an earlier one. Quote it, so the
    /// shell leaves it alone.
    #[arg(long, short = 'g', value_name = "GLOB")]
    pub glob: Vec<String>,

    /// Memory for the index writer, e.g. 256M or 1G (a bare number is megabytes).
    /// More writes fewer segments before the run's merge, but is no faster.
    #[arg(long, value_name = "SIZE", default_value = "128M", value_parser = parse_size)]
    pub memory: usize,

    /// Threads that read files and write the index (default: one a core).
    /// The writer uses at most 8, each with at least 15 MB of --memory.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,

    /// The config file's source aliases.
    #[arg(skip)]
    pub aliases: news_search::SourceAliases,
}

#[derive(Debug, Args)]
#[command(after_help = "\
EXAMPLES:
  search watch corpus/                  add corpus/ to ./index and keep it fresh
  search watch                          watch every folder the index holds
  search watch --json corpus/ | jq -c '{added, updated, removed}'
  search watch --poll 30 /mnt/share/news    a network share, listed every 30 s
  search watch --reconcile 1h corpus/   a walk of every folder each hour
  sudo sysctl fs.inotify.max_user_watches=524288    a tree of many folders")]
pub struct WatchArgs {
    /// Folders to add to the index and watch, as `search index FOLDER` adds
    /// them; none watches every folder (and file) the index holds.
    #[arg(value_name = "FOLDER")]
    pub folders: Vec<PathBuf>,

    #[command(flatten)]
    pub indexing: IndexingArgs,

    /// Look for changes by listing the folders every SECS seconds instead of
    /// asking the system, for file systems that report none.
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    pub poll: Option<u64>,

    /// Time between walks of every folder, which catch what notifications
    /// missed: 90s, 10m, 1h, or a bare number of seconds; 0 for none but
    /// the one at start.
    #[arg(long, value_name = "TIME", default_value = "10m", value_parser = parse_duration)]
    pub reconcile: std::time::Duration,

    /// Print one JSON object a line on stdout for each commit: the trigger
    /// (start, changes, reconcile, rescan or stop), the paths read again,
    /// and the counts and files of `search index --json`.
    #[arg(long)]
    pub json: bool,

    /// Print nothing but errors and warnings: no line per commit.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "\
QUERY SYNTAX:
  nvidia h100                     both words (in title or body)
  \"exact phrase\"                  the words next to each other, in order
  nvidia OR amd                   either word
  nvidia -intel                   without a word (write: search query -- nvidia -intel)
  nvidia NOT intel                the same as nvidia -intel
  title:meta                      a word in the title; also body:, source:, author:, url:, tag:
  source:\"Al Jazeera\"             a phrase in a field
  lang:de                         articles in a language (ISO 639-1 code; also --lang de,fr)
  北京  東京  지진                  Chinese, Japanese, Korean: two characters or more, or a pasted sentence
  nvid*                           words starting with nvid
  date:[2023-01-01 TO 2023-12-31] published in a range (date:2023, date:2023-09 also work)
  (nvidia OR amd) chips           parentheses group

A colon marks a field only after one of the field names above and before a
word: pasted text such as \"Brexit: UK sets out plans\" or \"10:30 GMT\" is
searched as words. An AND, OR or NOT with nothing to apply to is left out, with a note.

EXAMPLES:
  search query H100
  search query '\"language model\" date:2023'
  search query --json --limit 50 zuckerberg | jq '.hits[].path'
  search query --since 2023-06 --until 2023 --source \"Al Jazeera\" election
  search query --since 3m --sort newest --facets ukraine
  search query -l -n 100 brexit | xargs grep -l Johnson
  search query -0 -n 100 brexit | xargs -0 cp -t brexit/
  search query --format csv -n 1000 election > election.csv
  search query - < saved-query.txt")]
pub struct QueryArgs {
    /// The query; several words are joined with spaces, and - alone reads
    /// it from stdin (all of it, trimmed).
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,

    #[command(flatten)]
    pub results: ResultArgs,

    /// No typo tolerance: match the words as typed (and their other forms) only.
    #[arg(long)]
    pub exact: bool,

    /// Show near-identical articles as separate hits.
    #[arg(long)]
    pub no_collapse: bool,
}

/// The filters `query`, `similar` and `export` share.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only articles published on or after DATE: YYYY, YYYY-MM, YYYY-MM-DD, or
    /// 7d, 2w, 3m, 1y for days, weeks, months or years ago (UTC).
    #[arg(long, value_name = "DATE", value_parser = first_day)]
    pub since: Option<Date>,

    /// Only articles published on or before DATE (same forms as --since).
    #[arg(long, value_name = "DATE", value_parser = last_day)]
    pub until: Option<Date>,

    /// Only articles from this source, e.g. --source "Al Jazeera". An alias
    /// from the config file means the source it names.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,

    /// Only articles by this author.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,

    /// Only articles in these languages, as ISO 639-1 codes: --lang de,fr.
    /// The query is then read only as these languages read it (German and
    /// French stems); without --lang it is read as every language the index
    /// holds. An article's language is the one it states, else the one
    /// detected; `search stats` lists them.
    #[arg(long = "lang", value_name = "CODES", value_delimiter = ',')]
    pub languages: Vec<String>,
}

impl FilterArgs {
    /// Sets these filters on `request`.
    pub fn apply(&self, request: &mut news_search::SearchRequest) {
        request.since = self.since;
        request.until = self.until;
        request.source.clone_from(&self.source);
        request.author.clone_from(&self.author);
        request.languages.clone_from(&self.languages);
    }
}

#[derive(Debug, Args)]
#[command(after_help = "\
EXAMPLES:
  search export > articles.ndjson
  search export --since 2024 ukraine | jq -r .title
  search export --to quickwit --out qw/
  search export --to elasticsearch --out es/ --source Reuters")]
pub struct ExportArgs {
    /// Only articles matching this query (all its words); several words are
    /// joined with spaces. None exports every article the filters allow.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    /// The format to write.
    #[arg(long, value_enum, default_value_t = Target::Ndjson, value_name = "FORMAT")]
    pub to: Target,

    /// Folder for the files (created when missing); required for quickwit
    /// and elasticsearch.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Match the query's words as typed (and their other forms) only.
    #[arg(long)]
    pub exact: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "\
EXAMPLES:
  search serve                           http://127.0.0.1:7700/
  search serve --addr 127.0.0.1:8080
  search serve --addr 0.0.0.0:7700 --public    reachable from the network
  curl -s 'http://127.0.0.1:7700/api/search?q=h100&limit=5' | jq '.hits[].title'
  curl -sN http://127.0.0.1:7700/api/events    a line per commit
  search serve --watch corpus/           add corpus/, serve it, keep it fresh
  search serve --watch                   serve and watch every folder it holds")]
pub struct ServeArgs {
    /// Address and port to listen on; port 0 takes a free port (the address
    /// taken is printed on stderr).
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "ADDR:PORT")]
    pub addr: std::net::SocketAddr,

    /// Allow an address other than loopback, reachable from other machines.
    #[arg(long)]
    pub public: bool,

    /// Searches run at once; more wait up to a second for a turn, then get 503.
    #[arg(long, default_value_t = 16, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub max_searches: u16,

    /// Also keep the index fresh, as `search watch FOLDER...` does, inside
    /// the server: the folders named are added to the index and watched;
    /// --watch alone watches every folder the index holds. The server then
    /// holds the index's writer lock, prints a line per commit on stderr,
    /// and at Ctrl-C or SIGTERM commits what is pending before it exits.
    #[arg(long, value_name = "FOLDER", num_args = 0..)]
    pub watch: Option<Vec<PathBuf>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Target {
    /// One article per line, the library's own field names.
    Ndjson,
    /// Quickwit 0.8: index-config.yaml and NDJSON files to ingest.
    Quickwit,
    /// Elasticsearch 8.x (and OpenSearch): mapping.json and _bulk files.
    Elasticsearch,
}

/// The first day of "2023", "2023-09" or "2023-09-11", or the day "7d" ago.
pub fn first_day(text: &str) -> Result<Date, DateError> {
    if let Some(day) = days_ago(text) {
        return day;
    }
    news_search::date_span(text).map(|(start, _)| start)
}

/// The last day of "2023", "2023-09" or "2023-09-11", or the day "7d" ago.
pub fn last_day(text: &str) -> Result<Date, DateError> {
    if let Some(day) = days_ago(text) {
        return day;
    }
    let (start, end) = news_search::date_span(text)?;
    // A span ends the day after its last: there is always a day before it.
    Ok(end.previous_day().unwrap_or(start))
}

fn days_ago(text: &str) -> Option<Result<Date, DateError>> {
    news_search::relative_day(text, time::OffsetDateTime::now_utc().date())
}

/// "90s", "10m", "1h", "600" (seconds) -> a duration.
fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("\"{text}\" is not a time: write e.g. 90s, 10m or 1h"))?;
    let seconds: u64 = match unit.trim() {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        other => return Err(format!("unknown time unit \"{other}\": use s, m or h")),
    };
    number
        .checked_mul(seconds)
        .map(std::time::Duration::from_secs)
        .ok_or_else(|| format!("\"{text}\" is too long"))
}

/// "256M", "1G", "512MiB", "300" (megabytes) -> bytes.
fn parse_size(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: usize = number
        .parse()
        .map_err(|_| format!("\"{text}\" is not a size: write e.g. 256M or 1G"))?;
    let multiplier: usize = match unit.trim().to_ascii_lowercase().as_str() {
        "k" | "kb" | "kib" => 1 << 10,
        "" | "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        other => return Err(format!("unknown size unit \"{other}\": use K, M or G")),
    };
    number
        .checked_mul(multiplier)
        .ok_or_else(|| format!("\"{text}\" is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_short_flag_means_one_thing_in_every_subcommand() {
        // Built: each subcommand's flags are added when it is (`Deferred`).
        let mut command = Cli::command();
        command.build();
        let mut meaning = std::collections::HashMap::new();
        for sub in command.get_subcommands() {
            for arg in sub.get_arguments() {
                let (Some(short), Some(long)) = (arg.get_short(), arg.get_long()) else {
                    continue;
                };
                let first = *meaning.entry(short).or_insert(long);
                assert_eq!(first, long, "-{short} in {}", sub.get_name());
            }
        }
        // As in ripgrep and fd.
        assert_eq!(meaning.get(&'q'), Some(&"quiet"));
    }

    #[test]
    fn a_subcommand_is_defined_when_it_is_run_or_shown() {
        let flags = |command: &clap::Command, name: &str| {
            let sub = command.find_subcommand(name).expect("a subcommand");
            sub.get_arguments().filter_map(|a| a.get_long()).count()
        };
        let mut command = Cli::command();
        assert_eq!(flags(&command, "query"), 0);
        // Its description is there for the list of commands.
        let query = command.find_subcommand("query").expect("query");
        assert!(query
            .get_about()
            .is_some_and(|a| a.to_string().starts_with("Search")));
        command.build();
        assert!(
            flags(&command, "query") >= 10,
            "{}",
            flags(&command, "query")
        );
        let query = command.find_subcommand("query").expect("query");
        assert!(query
            .get_about()
            .is_some_and(|a| a.to_string().starts_with("Search")));
    }

    #[test]
    fn man_takes_the_name_of_every_command() {
        let names: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|sub| sub.get_name().to_owned())
            .collect();
        assert_eq!(names, COMMANDS);
    }

    #[test]
    fn format_flags_name_one_format() {
        let format = |args: &[&str]| {
            let cli = Cli::try_parse_from(args).expect("parses");
            let Command::Query(query) = cli.command else {
                panic!("not a query")
            };
            query.results.format()
        };
        assert_eq!(format(&["search", "query", "a"]), Format::Text);
        assert_eq!(format(&["search", "query", "--json", "a"]), Format::Json);
        assert_eq!(
            format(&["search", "query", "--format", "csv", "a"]),
            Format::Csv
        );
        assert_eq!(format(&["search", "query", "-l", "a"]), Format::Paths);
        assert_eq!(format(&["search", "query", "-0", "a"]), Format::Paths);
        assert_eq!(format(&["search", "query", "-l0", "a"]), Format::Paths);
        for clash in [
            &["search", "query", "--json", "--format", "csv", "a"][..],
            &["search", "query", "-l", "--format", "paths", "a"],
            &["search", "query", "-l", "--json", "a"],
            &["search", "query", "-0", "--json", "a"],
        ] {
            assert!(Cli::try_parse_from(clash).is_err(), "{clash:?}");
        }
    }

    #[test]
    fn offset_help_states_the_last_reachable_hit() {
        let help = Cli::command()
            .find_subcommand_mut("query")
            .expect("query")
            .render_long_help()
            .to_string();
        let last = news_search::limits::MAX_PAGE_END.to_string();
        let last = format!("{},{}", &last[..last.len() - 3], &last[last.len() - 3..]);
        assert!(help.contains(&format!("end by hit {last}")), "{help}");
    }

    #[test]
    fn help_lists_the_exit_statuses_a_user_meets() {
        use crate::Status;
        for status in [
            Status::Found,
            Status::NotFound,
            Status::Error,
            Status::Interrupted,
        ] {
            let line = format!("\n  {:<5}", status.code());
            assert!(AFTER_HELP.contains(&line), "{status:?} missing from --help");
        }
    }

    #[test]
    fn sizes_take_units_and_default_to_megabytes() {
        assert_eq!(parse_size("256M"), Ok(256 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("300"), Ok(300 << 20));
        assert_eq!(parse_size("512kb"), Ok(512 << 10));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5T").is_err());
    }

    #[test]
    fn the_memory_default_is_the_librarys() {
        use clap::Parser;
        let cli = Cli::try_parse_from(["search", "index", "news"]).unwrap();
        let Command::Index(args) = cli.command else {
            panic!("not parsed as `index`");
        };
        assert_eq!(args.indexing.memory, news_search::DEFAULT_MEMORY_BUDGET);
    }

    #[test]
    fn times_take_units_and_default_to_seconds() {
        use std::time::Duration;
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("45"), Ok(Duration::from_secs(45)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("3d").is_err());
    }

    #[test]
    fn date_flags_take_relative_days() {
        let today = time::OffsetDateTime::now_utc().date();
        assert_eq!(first_day("0d").unwrap(), today);
        assert_eq!(last_day("1w").unwrap(), today - time::Duration::days(7));
    }

    #[test]
    fn date_flags_take_the_first_and_last_day_of_a_period() {
        assert_eq!(first_day("2023-09").unwrap().to_string(), "2023-09-01");
        assert_eq!(last_day("2023-09").unwrap().to_string(), "2023-09-30");
        assert_eq!(last_day("2024").unwrap().to_string(), "2024-12-31");
        assert!(first_day("Sept").is_err());
    }
}
