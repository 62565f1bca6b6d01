//! Service levels: the SLA clocks, counted in business hours with On Hold time left out.

pub mod clock;
