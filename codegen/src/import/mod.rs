//! Importers: turning the vendor's documents into draft spec files for a person to finish.

pub mod page;
