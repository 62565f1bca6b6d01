//! The one error type that crosses from server functions to the browser.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A problem with one input field, shown next to that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Every validation problem of one submission.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was added, the collected errors otherwise.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self))
        }
    }

    pub fn single(field: &str, message: impl Into<String>) -> AppError {
        let mut errors = Self::default();
        errors.add(field, message);
        AppError::Validation(errors)
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("Please correct the highlighted fields ({0}).")]
    Validation(FieldErrors),
    #[error("{0} was not found.")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    TooManyRequests(String),
    /// The cause is in the server log under this reference; the user only sees the reference.
    #[error("Something went wrong on the server (reference {0}).")]
    Internal(String),
    /// The request never reached the function, or its answer could not be read.
    #[error("The request failed: {0}")]
    Request(String),
}

impl AppError {
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Validation(_) => 422,
            AppError::NotFound(_) => 404,
            AppError::Conflict(_) => 409,
            AppError::Unauthorized(_) => 401,
            AppError::Forbidden(_) => 403,
            AppError::TooManyRequests(_) => 429,
            AppError::Internal(_) => 500,
            AppError::Request(_) => 400,
        }
    }

    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            AppError::Validation(errors) => Some(errors),
            _ => None,
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        AppError::Request(value.to_string())
    }
}

/// For tests: the field errors an input was refused with; panics when it was not.
#[cfg(test)]
pub fn refused<T: std::fmt::Debug>(result: Result<T, AppError>) -> FieldErrors {
    match result {
        Err(AppError::Validation(errors)) => errors,
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collected_errors_are_found_by_field() {
        let mut errors = FieldErrors::default();
        errors.add("name", "Name is required.");
        assert_eq!(errors.get("name"), Some("Name is required."));
        assert_eq!(errors.get("class"), None);
        assert!(matches!(errors.into_result(), Err(AppError::Validation(_))));
    }

    #[test]
    fn no_errors_is_ok() {
        assert_eq!(FieldErrors::default().into_result(), Ok(()));
    }

    #[test]
    fn internal_errors_show_only_the_reference() {
        let shown = AppError::Internal("r-42".into()).to_string();
        assert!(shown.contains("r-42"));
        assert!(!shown.to_lowercase().contains("surreal"));
    }
}
