//! Placeholder: being written.

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::Document;

pub fn parse(_text: &str, path: &Path) -> Result<Document> {
    Err(Error::Invalid {
        path: path.into(),
        message: "importer not written yet".into(),
    })
}
