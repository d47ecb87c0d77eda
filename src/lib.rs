//! rmfdiff: diffs versions of the NIST AI Risk Management Framework and its companion
//! documents, and reports what changed, above all the references to misinformation,
//! diversity/equity/inclusion and climate change.
//!
//! Pipeline: [`load`] ─▶ [`model::Document`] ─▶ [`align`] ─▶ [`diff`] ─▶ [`topics`] ─▶
//! [`report::Report`] ─▶ [`render`]. [`app`] wires it to the command line.

pub mod align;
pub mod app;
pub mod diff;
pub mod error;
pub mod exit;
pub mod frameworks;
pub mod import;
pub mod load;
pub mod model;
pub mod render;
pub mod report;
pub mod store;
pub mod topics;
mod words;
