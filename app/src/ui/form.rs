//! What a form's server action answered, split for showing: errors per field, and the
//! one message that belongs to no field.

use crate::error::{AppError, FieldErrors};
use leptos::prelude::*;

/// The field errors of the last submission, if it failed validation.
pub fn field_errors<T>(value: Signal<Option<Result<T, AppError>>>) -> Signal<Option<FieldErrors>>
where
    T: Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(AppError::Validation(errors))) => Some(errors.clone()),
            _ => None,
        })
    })
}

/// An error that belongs to no single field, such as a conflict or a server failure.
pub fn form_error<T>(value: Signal<Option<Result<T, AppError>>>) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(AppError::Validation(_))) | Some(Ok(_)) | None => None,
            Some(Err(other)) => Some(other.to_string()),
        })
    })
}
