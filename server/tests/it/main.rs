//! Integration tests: the whole app in-process on port 0 with a fresh in-memory database.

mod asset_import;
mod asset_maintenance;
mod assets;
mod audit;
mod auth;
mod classes;
mod cmdb;
mod concurrency;
mod health;
mod helpers;
mod impact;
mod import;
mod incidents;
mod inventory;
mod live;
mod maintenance;
mod monitoring;
mod pages;
mod people;
mod permissions;
mod security;
mod sessions;
mod shutdown;
mod storage;
mod suppliers;
mod wallboards;
