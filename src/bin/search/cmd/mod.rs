//! One module per subcommand.

pub mod compact;
pub mod completions;
pub mod export;
pub mod index;
pub mod man;
pub mod query;
pub mod show;
pub mod similar;
pub mod stats;
pub mod watch;
