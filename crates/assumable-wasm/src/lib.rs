//! placeholder; OWNER: foundation helper
