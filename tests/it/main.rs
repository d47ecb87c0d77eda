//! The integration tests: one binary, one module per area.

mod cli;
mod contract;
mod diff;
mod frameworks;
mod import_structured;
mod loaders;
mod oscal_xml;
mod sp800_53;
mod support;
mod topics;
