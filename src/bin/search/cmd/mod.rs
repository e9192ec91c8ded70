//! One module per subcommand.

pub mod index;
pub mod query;
pub mod stats;
