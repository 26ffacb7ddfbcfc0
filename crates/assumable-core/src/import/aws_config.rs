//! A role profile of `~/.aws/config` (IMPORT_FORMATS.md §8.1): `role_arn`
//! with `source_profile` or `credential_source`, and the call's settings.
//! <https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-role.html>

use super::Reading;

pub const CONFIG_PROFILE_FORMAT: &str = "aws-config-role-profile";

/// One `[profile NAME]` (or `[NAME]`) section and its settings.
struct Profile {
    name: String,
    settings: Vec<(String, String)>,
}

impl Profile {
    fn get(&self, key: &str) -> Option<String> {
        self.settings
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
}

/// The call of the role profile in `text`; with several, none is guessed.
pub fn recognize(text: &str) -> Option<Reading> {
    let profiles = sections(text);
    let roles: Vec<&Profile> = profiles
        .iter()
        .filter(|p| p.get("role_arn").is_some())
        .collect();
    let mut reading = Reading::new(CONFIG_PROFILE_FORMAT);
    match roles.as_slice() {
        [] => return None,
        [profile] => read_profile(&mut reading, profile),
        several => {
            let names: Vec<String> = several.iter().map(|p| format!("`{}`", p.name)).collect();
            reading.notes.push(format!(
                "The file has {} role profiles ({}): paste only the one the failing command \
                uses (`--profile NAME`, or `AWS_PROFILE`).",
                several.len(),
                names.join(", ")
            ));
        }
    }
    Some(reading)
}

fn read_profile(reading: &mut Reading, profile: &Profile) {
    reading.role_arn = profile.get("role_arn");
    reading.role_session_name = profile.get("role_session_name");
    reading.external_id = profile.get("external_id");
    reading.duration_seconds = profile.get("duration_seconds").map(|text| {
        text.parse::<u64>()
            .map_or(serde_json::Value::String(text), serde_json::Value::from)
    });
    if let Some(serial) = profile.get("mfa_serial") {
        reading.mfa_serial = Some(serial);
        reading.mfa_age_seconds = Some(0);
        reading.notes.push(
            "With `mfa_serial` the CLI asks for a code and passes it with the call: \
            request.mfa.age_seconds is 0."
                .to_string(),
        );
    }
    if let Some(file) = profile.get("web_identity_token_file") {
        reading.action = Some("sts:AssumeRoleWithWebIdentity".to_string());
        reading.notes.push(format!(
            "The profile calls AssumeRoleWithWebIdentity with the token in `{file}`: paste \
            the token (or its claims) too for the caller and the keys it gives."
        ));
    } else {
        reading.action = Some("sts:AssumeRole".to_string());
        let source = profile
            .get("source_profile")
            .map(|name| format!("the profile `{name}`'s credentials"))
            .or_else(|| {
                profile
                    .get("credential_source")
                    .map(|source| format!("the credentials of `{source}`"))
            })
            .unwrap_or_else(|| "credentials the profile does not name".to_string());
        reading.notes.push(format!(
            "The caller is {source}, which the file does not name: `aws sts \
            get-caller-identity` with them names it."
        ));
    }
    if reading.role_session_name.is_none() {
        reading.notes.push(
            "Without `role_session_name` the CLI makes up a session name \
            (`botocore-session-…`)."
                .to_string(),
        );
    }
}

/// The INI sections of `text`, each with its `key = value` lines.
fn sections(text: &str) -> Vec<Profile> {
    let mut found: Vec<Profile> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(header) = line
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            let name = header.trim();
            let name = name.strip_prefix("profile ").unwrap_or(name).trim();
            found.push(Profile {
                name: name.to_string(),
                settings: Vec::new(),
            });
        } else if let (Some((key, value)), Some(profile)) = (line.split_once('='), found.last_mut())
        {
            let key = key.trim().to_ascii_lowercase();
            if key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !key.is_empty() {
                profile.settings.push((key, value.trim().to_string()));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guides_profile_gives_the_role() {
        let text = "[profile user1]\naws_access_key_id = AKIA…\n\n[profile marketingadmin]\nrole_arn = arn:aws:iam::123456789012:role/marketingadminrole\nsource_profile = user1\nmfa_serial = arn:aws:iam::123456789012:mfa/user1\nexternal_id = 123\n";
        let reading = recognize(text).expect("read");
        assert_eq!(reading.action.as_deref(), Some("sts:AssumeRole"));
        assert_eq!(
            reading.role_arn.as_deref(),
            Some("arn:aws:iam::123456789012:role/marketingadminrole")
        );
        assert_eq!(reading.external_id.as_deref(), Some("123"));
        assert_eq!(reading.mfa_age_seconds, Some(0));
        assert!(
            reading.notes.iter().any(|n| n.contains("`user1`")),
            "{:?}",
            reading.notes
        );
    }

    #[test]
    fn several_role_profiles_are_named_not_chosen() {
        let text = "[profile a]\nrole_arn = arn:aws:iam::1:role/A\n[profile b]\nrole_arn = arn:aws:iam::1:role/B\n";
        let reading = recognize(text).expect("read");
        assert_eq!(reading.role_arn, None);
        assert!(reading.notes[0].contains("`a`, `b`"), "{:?}", reading.notes);
    }

    #[test]
    fn a_web_identity_profile_and_other_text() {
        let reading = recognize(
            "[default]\nrole_arn=arn:aws:iam::1:role/R\nweb_identity_token_file=/var/run/token\n",
        )
        .expect("read");
        assert_eq!(
            reading.action.as_deref(),
            Some("sts:AssumeRoleWithWebIdentity")
        );
        for text in [
            "",
            "[profile x]\nregion = us-east-1\n",
            "role_arn = x",
            "[[[",
            "= =",
        ] {
            assert_eq!(recognize(text), None, "{text}");
        }
    }
}
