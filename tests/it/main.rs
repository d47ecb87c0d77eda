//! The integration tests: one binary, one module per area.

mod alignment;
mod browser;
mod cli;
mod contract;
mod diff;
mod fidelity;
mod frameworks;
mod fuzz_replay;
mod history;
mod hostile;
mod html;
mod import_pdf;
mod import_playbook;
mod import_structured;
#[cfg(all(
    target_os = "linux",
    target_env = "gnu",
    target_pointer_width = "64",
    target_endian = "little"
))]
mod linking;
mod loaders;
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod memory;
mod oscal_xml;
mod properties;
mod revisions;
mod site;
mod sp800_53;
mod substitutions;
mod support;
mod topics;
mod withdrawals;
