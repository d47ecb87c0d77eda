//! (being written)

use std::path::Path;

use crate::error::Result;
use crate::model::Document;

pub fn parse(_text: &str, _path: &Path) -> Result<Document> {
    todo!()
}
