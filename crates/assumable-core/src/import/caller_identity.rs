//! `aws sts get-caller-identity` (`IMPORT_FORMATS.md` §6.5): exactly
//! `UserId`, `Account` and `Arn`. The ARN is the caller; the unique id is
//! the `aws:userid` key, which cannot be derived from the ARN.

use crate::json::JsonValue;
use crate::scenario::ContextValue;

use super::json_output::{text_of, JsonOutput};
use super::Reading;

pub const CALLER_IDENTITY_FORMAT: &str = "aws-sts-get-caller-identity";

pub fn read(output: &JsonOutput<'_>) -> Option<Reading> {
    let root = output.root;
    let JsonValue::Object(members) = &root.value else {
        return None;
    };
    let only_identity = members
        .iter()
        .all(|member| matches!(member.key.as_ref(), "UserId" | "Account" | "Arn"));
    let arn = text_of(root, "Arn")?;
    let user_id = text_of(root, "UserId")?;
    if !only_identity || text_of(root, "Account").is_none() {
        return None;
    }
    let mut reading = Reading::new(CALLER_IDENTITY_FORMAT);
    reading.caller = Some(arn.to_string());
    reading.context.insert(
        "aws:userid".to_string(),
        ContextValue::One(user_id.to_string()),
    );
    if arn.ends_with(":root") {
        reading.warnings.push(
            "these are the account's root user credentials: the root user cannot assume a role (request.caller fails); use an IAM user or role"
                .to_string(),
        );
    }
    Some(reading)
}
