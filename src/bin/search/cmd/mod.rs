//! One module per subcommand.

pub mod compact;
pub mod export;
pub mod index;
pub mod query;
pub mod show;
pub mod similar;
pub mod stats;
