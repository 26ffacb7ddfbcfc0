//! A SAML response, pasted as XML or as the base64 `SAMLResponse` form value
//! the browser posts (IMPORT_FORMATS.md §6.11). It gives an
//! `sts:AssumeRoleWithSAML` call: the role and provider from the `Role`
//! attribute, the session name, duration, tags and source identity from
//! theirs, and the `saml:` context keys AWS derives from the assertion.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html>
//!
//! The XML is read by a small scanner of its own (elements, attributes,
//! text, comments, CDATA, the five entities and character references):
//! only names and values are needed, never validation, and a general XML
//! crate would weigh on the page for that. An encrypted assertion cannot
//! be read and is said so.

use std::collections::BTreeMap;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use super::Reading;
use crate::scenario::ContextValue;

pub const SAML_FORMAT: &str = "saml-response";

/// A SAML call from the response in `text`.
pub fn recognize(text: &str) -> Option<Reading> {
    let facts = read_saml(text)?;
    let mut reading = Reading::new(SAML_FORMAT);
    reading.notes = facts.notes;
    reading.action = Some("sts:AssumeRoleWithSAML".to_string());
    if facts.encrypted {
        return Some(reading);
    }
    match facts.roles.as_slice() {
        [(role, provider)] => {
            reading.role_arn = Some(role.clone());
            reading.caller = Some(provider.clone());
        }
        [(_, provider), rest @ ..] if rest.iter().all(|(_, other)| other == provider) => {
            reading.caller = Some(provider.clone());
        }
        _ => {}
    }
    if facts.roles.is_empty() {
        reading.warnings.push(
            "The assertion has no `https://aws.amazon.com/SAML/Attributes/Role` attribute: \
            AWS refuses it, since it names no role to assume."
                .to_string(),
        );
    }
    reading.role_session_name = facts.role_session_name;
    reading.duration_seconds = facts.duration_seconds.map(|text| {
        text.parse::<u64>()
            .map_or(serde_json::Value::String(text), serde_json::Value::from)
    });
    reading.source_identity = facts.source_identity;
    if !facts.tags.is_empty() {
        reading.tags = Some(facts.tags);
    }
    if !facts.transitive_tag_keys.is_empty() {
        reading.transitive_tag_keys = Some(facts.transitive_tag_keys);
    }
    reading.context = facts
        .context
        .into_iter()
        .map(|(key, mut values)| {
            let value = if values.len() == 1 {
                ContextValue::One(values.remove(0))
            } else {
                ContextValue::Many(values)
            };
            (key, value)
        })
        .collect();
    Some(reading)
}

/// The attribute names AWS reads, under `https://aws.amazon.com/SAML/Attributes/`.
const AWS_ATTRIBUTES: &str = "https://aws.amazon.com/SAML/Attributes/";

/// Attributes AWS turns into `saml:` context keys, by the attribute's
/// `urn:oid:` name: the eduPerson and directory attributes of the IAM
/// User Guide's "Available keys for SAML-based AWS STS federation".
const ATTRIBUTE_KEYS: [(&str, &str); 18] = [
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.1",
        "saml:edupersonaffiliation",
    ),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.2", "saml:edupersonnickname"),
    ("urn:oid:1.3.6.1.4.1.5923.1.1.1.3", "saml:edupersonorgdn"),
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.4",
        "saml:edupersonorgunitdn",
    ),
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.5",
        "saml:edupersonprimaryaffiliation",
    ),
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.6",
        "saml:edupersonprincipalname",
    ),
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.7",
        "saml:edupersonentitlement",
    ),
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.8",
        "saml:edupersonprimaryorgunitdn",
    ),
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.9",
        "saml:edupersonscopedaffiliation",
    ),
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.10",
        "saml:edupersontargetedid",
    ),
    (
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.11",
        "saml:edupersonassurance",
    ),
    ("urn:oid:2.5.4.3", "saml:cn"),
    ("urn:oid:2.5.4.42", "saml:givenName"),
    ("urn:oid:2.5.4.4", "saml:surname"),
    ("urn:oid:0.9.2342.19200300.100.1.3", "saml:mail"),
    ("urn:oid:0.9.2342.19200300.100.1.1", "saml:uid"),
    ("urn:oid:2.16.840.1.113730.3.1.241", "saml:name"),
    ("urn:oid:2.5.4.45", "saml:x500UniqueIdentifier"),
];

/// What a SAML response gives.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct SamlFacts {
    /// `(role ARN, provider ARN)` of each `Role` attribute value.
    pub roles: Vec<(String, String)>,
    pub role_session_name: Option<String>,
    pub duration_seconds: Option<String>,
    pub source_identity: Option<String>,
    pub tags: BTreeMap<String, String>,
    pub transitive_tag_keys: Vec<String>,
    /// `saml:aud`, `saml:iss`, `saml:sub`, `saml:sub_type` and the mapped attributes.
    pub context: BTreeMap<String, Vec<String>>,
    /// The assertion is encrypted: nothing of it could be read.
    pub encrypted: bool,
    pub notes: Vec<String>,
}

/// The facts of the SAML response in `text`, `None` when it holds none.
pub(super) fn read_saml(text: &str) -> Option<SamlFacts> {
    let xml = saml_xml(text)?;
    let document = scan(&xml);
    let is_saml = document.elements.iter().any(|element| {
        matches!(
            element.name.as_str(),
            "Response" | "Assertion" | "EncryptedAssertion"
        )
    });
    if !is_saml {
        return None;
    }
    Some(facts(&document))
}

/// The XML of the paste: as written, or decoded from base64 (and from the
/// percent-encoding of a form body, `SAMLResponse=…`).
fn saml_xml(text: &str) -> Option<String> {
    let trimmed = text.trim().trim_start_matches('\u{feff}');
    if trimmed.starts_with('<') {
        return Some(trimmed.to_string());
    }
    let value = trimmed
        .split_once("SAMLResponse=")
        .map_or(trimmed, |(_, value)| {
            value.split('&').next().unwrap_or(value)
        });
    let value = super::json_output::percent_decoded(value);
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() < 16 {
        return None;
    }
    let bytes = STANDARD
        .decode(compact.trim_end_matches('='))
        .ok()
        .or_else(|| {
            base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(compact.trim_end_matches('='))
                .ok()
        })?;
    let xml = String::from_utf8(bytes).ok()?;
    let xml = xml.trim().trim_start_matches('\u{feff}');
    xml.starts_with('<').then(|| xml.to_string())
}

fn facts(document: &Document) -> SamlFacts {
    let mut facts = SamlFacts::default();
    if document.find("EncryptedAssertion").is_some() {
        facts.encrypted = true;
        facts.notes.push(
            "The assertion is encrypted (`EncryptedAssertion`): only the identity provider and \
            AWS can read it, so nothing of it was imported. Paste the response from a test \
            without encryption, or fill the fields by hand."
                .to_string(),
        );
        return facts;
    }
    // The assertion's issuer; a response's own when the assertion has none.
    let assertion = document.find("Assertion");
    let issuer = assertion
        .and_then(|at| document.child_text(at, "Issuer"))
        .or_else(|| {
            document
                .element("Issuer")
                .map(|element| element.text.clone())
        });
    let mut set = |key: &str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            facts.context.insert(key.to_string(), vec![value]);
        }
    };
    set("saml:iss", issuer.map(|t| t.trim().to_string()));
    if let Some(element) = document.element("NameID") {
        set("saml:sub", Some(element.text.trim().to_string()));
        let format = element.attribute("Format").unwrap_or_default();
        let sub_type = match format {
            "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" => "persistent",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:transient" => "transient",
            other => other,
        };
        set("saml:sub_type", Some(sub_type.to_string()));
    }
    // "the saml:aud context key comes from the SAML recipient attribute",
    // not from the AudienceRestriction.
    set(
        "saml:aud",
        document
            .element("SubjectConfirmationData")
            .and_then(|element| element.attribute("Recipient"))
            .map(str::to_string),
    );
    for (name, values) in document.attributes() {
        if let Some(aws) = name.strip_prefix(AWS_ATTRIBUTES) {
            aws_attribute(&mut facts, aws, values);
        } else if let Some((_, key)) = ATTRIBUTE_KEYS.iter().find(|(oid, _)| *oid == name) {
            facts.context.insert((*key).to_string(), values);
        }
    }
    if facts.roles.len() > 1 {
        let roles: Vec<&str> = facts.roles.iter().map(|(role, _)| role.as_str()).collect();
        facts.notes.push(format!(
            "The assertion offers {} roles ({}): the person picks one at sign-in.",
            roles.len(),
            roles.join(", ")
        ));
    }
    facts
}

fn aws_attribute(facts: &mut SamlFacts, name: &str, values: Vec<String>) {
    let first = values.first().map(|v| v.trim().to_string());
    match name {
        "Role" => {
            for value in &values {
                // "role ARN,provider ARN", in either order.
                let mut parts = value.split(',').map(str::trim);
                let (Some(a), Some(b)) = (parts.next(), parts.next()) else {
                    continue;
                };
                let pair = if a.contains(":saml-provider/") {
                    (b.to_string(), a.to_string())
                } else {
                    (a.to_string(), b.to_string())
                };
                if !facts.roles.contains(&pair) {
                    facts.roles.push(pair);
                }
            }
        }
        "RoleSessionName" => facts.role_session_name = first,
        "SessionDuration" => facts.duration_seconds = first,
        "SourceIdentity" => facts.source_identity = first,
        "TransitiveTagKeys" => facts.transitive_tag_keys = values,
        _ => {
            if let (Some(key), Some(value)) = (name.strip_prefix("PrincipalTag:"), first) {
                facts.tags.insert(key.to_string(), value);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The scanner.

/// An element: its local name (no prefix), attributes, direct text, parent.
#[derive(Debug)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
    parent: Option<usize>,
}

impl Element {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| local(key) == name)
            .map(|(_, value)| value.as_str())
    }
}

#[derive(Debug, Default)]
struct Document {
    /// In document order.
    elements: Vec<Element>,
}

impl Document {
    fn find(&self, name: &str) -> Option<usize> {
        self.elements
            .iter()
            .position(|element| element.name == name)
    }

    fn element(&self, name: &str) -> Option<&Element> {
        self.elements.iter().find(|element| element.name == name)
    }

    fn child_text(&self, parent: usize, name: &str) -> Option<String> {
        self.elements
            .iter()
            .find(|element| element.parent == Some(parent) && element.name == name)
            .map(|element| element.text.clone())
    }

    /// Each `Attribute`'s `Name` with its `AttributeValue` texts, in one
    /// pass (values follow their attribute in document order).
    fn attributes(&self) -> Vec<(String, Vec<String>)> {
        let mut found: Vec<(usize, String, Vec<String>)> = Vec::new();
        for (at, element) in self.elements.iter().enumerate() {
            if element.name == "Attribute" {
                if let Some(name) = element.attribute("Name") {
                    found.push((at, name.to_string(), Vec::new()));
                }
            } else if element.name == "AttributeValue" {
                if let Some((_, _, values)) = found
                    .last_mut()
                    .filter(|(attribute, _, _)| element.parent == Some(*attribute))
                {
                    values.push(element.text.clone());
                }
            }
        }
        found
            .into_iter()
            .map(|(_, name, values)| (name, values))
            .collect()
    }
}

fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, local)| local)
}

/// One pass over the text; never fails (what is not XML is skipped).
fn scan(xml: &str) -> Document {
    let mut document = Document::default();
    let mut open: Vec<usize> = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let text = &rest[..start];
        if let Some(&current) = open.last() {
            if let Some(element) = document.elements.get_mut(current) {
                element.text.push_str(&unescape(text));
            }
        }
        rest = &rest[start..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
        } else if let Some(after) = rest.strip_prefix("<![CDATA[") {
            let end = after.find("]]>").unwrap_or(after.len());
            if let Some(&current) = open.last() {
                if let Some(element) = document.elements.get_mut(current) {
                    element.text.push_str(&after[..end]);
                }
            }
            rest = after.get(end + 3..).unwrap_or("");
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').unwrap_or(after.len());
            let name = local(after[..end].trim());
            // Close up to the matching element (a stray end tag closes nothing).
            if let Some(depth) = open
                .iter()
                .rposition(|&at| document.elements.get(at).is_some_and(|e| e.name == name))
            {
                open.truncate(depth);
            }
            rest = after.get(end + 1..).unwrap_or("");
        } else {
            let (tag, self_closing, after) = start_tag(&rest[1..]);
            rest = after;
            let Some((name, attributes)) = tag else {
                continue;
            };
            document.elements.push(Element {
                name,
                attributes,
                text: String::new(),
                parent: open.last().copied(),
            });
            if !self_closing {
                open.push(document.elements.len() - 1);
            }
        }
    }
    document
}

type Tag = (String, Vec<(String, String)>);

/// The tag after `<`: its local name and attributes, whether it closes
/// itself, and the text after `>`.
fn start_tag(text: &str) -> (Option<Tag>, bool, &str) {
    let name_end = text
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(text.len());
    let name = local(&text[..name_end]).to_string();
    let mut attributes = Vec::new();
    let mut rest = &text[name_end..];
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("/>") {
            return (Some((name, attributes)), true, after);
        }
        if let Some(after) = rest.strip_prefix('>') {
            return (Some((name, attributes)), false, after);
        }
        let Some(equals) = rest.find('=') else {
            return (None, true, "");
        };
        let key = rest[..equals].trim().to_string();
        let after = rest[equals + 1..].trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            return (None, true, "");
        };
        let Some(close) = after[1..].find(quote) else {
            return (None, true, "");
        };
        attributes.push((key, unescape(&after[1..1 + close])));
        rest = &after[close + 2..];
        if name.is_empty() {
            return (None, true, rest);
        }
    }
}

/// The five entities and character references.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&end| end <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of the IAM User Guide's example response, with the
    /// attributes AWS reads.
    const RESPONSE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_1" Version="2.0">
  <saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">https://idp.example.com/saml</saml:Issuer>
  <saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_2" Version="2.0">
    <saml:Issuer>https://idp.example.com/saml</saml:Issuer>
    <!-- a comment with <tags> -->
    <saml:Subject>
      <saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">ada&amp;co</saml:NameID>
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml:SubjectConfirmationData NotOnOrAfter="2026-12-07T10:00:00Z" Recipient="https://signin.aws.amazon.com/saml"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:Conditions><saml:AudienceRestriction><saml:Audience>urn:amazon:webservices</saml:Audience></saml:AudienceRestriction></saml:Conditions>
    <saml:AttributeStatement>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">
        <saml:AttributeValue>arn:aws:iam::111122223333:saml-provider/Okta,arn:aws:iam::111122223333:role/Admin</saml:AttributeValue>
        <saml:AttributeValue>arn:aws:iam::111122223333:role/ReadOnly,arn:aws:iam::111122223333:saml-provider/Okta</saml:AttributeValue>
      </saml:Attribute>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>ada@example.com</saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/SessionDuration"><saml:AttributeValue>7200</saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/PrincipalTag:team"><saml:AttributeValue><![CDATA[blue]]></saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys"><saml:AttributeValue>team</saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="urn:oid:1.3.6.1.4.1.5923.1.1.1.1"><saml:AttributeValue>staff</saml:AttributeValue><saml:AttributeValue>member</saml:AttributeValue></saml:Attribute>
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>"#;

    #[test]
    fn an_xml_response_gives_the_call_and_the_saml_keys() {
        let facts = read_saml(RESPONSE).expect("read");
        assert_eq!(
            facts.roles,
            [
                (
                    "arn:aws:iam::111122223333:role/Admin".to_string(),
                    "arn:aws:iam::111122223333:saml-provider/Okta".to_string()
                ),
                (
                    "arn:aws:iam::111122223333:role/ReadOnly".to_string(),
                    "arn:aws:iam::111122223333:saml-provider/Okta".to_string()
                ),
            ]
        );
        assert_eq!(facts.role_session_name.as_deref(), Some("ada@example.com"));
        assert_eq!(facts.duration_seconds.as_deref(), Some("7200"));
        assert_eq!(facts.tags.get("team").map(String::as_str), Some("blue"));
        assert_eq!(facts.transitive_tag_keys, ["team"]);
        let key = |k: &str| facts.context.get(k).cloned().unwrap_or_default();
        assert_eq!(key("saml:sub"), ["ada&co"]);
        assert_eq!(key("saml:sub_type"), ["persistent"]);
        assert_eq!(key("saml:iss"), ["https://idp.example.com/saml"]);
        assert_eq!(key("saml:aud"), ["https://signin.aws.amazon.com/saml"]);
        assert_eq!(key("saml:edupersonaffiliation"), ["staff", "member"]);
        assert!(facts.notes[0].contains("2 roles"), "{:?}", facts.notes);
    }

    #[test]
    fn the_base64_form_value_is_decoded() {
        let encoded = STANDARD.encode(RESPONSE);
        let form = format!(
            "SAMLResponse={}&RelayState=",
            encoded.replace('+', "%2B").replace('=', "%3D")
        );
        for text in [
            encoded.clone(),
            form,
            format!("{}\n{}", &encoded[..40], &encoded[40..]),
        ] {
            let facts = read_saml(&text).expect("read");
            assert_eq!(
                facts.role_session_name.as_deref(),
                Some("ada@example.com"),
                "{text}"
            );
        }
    }

    #[test]
    fn an_encrypted_assertion_is_said_so() {
        let text = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><saml:EncryptedAssertion><xenc:EncryptedData/></saml:EncryptedAssertion></samlp:Response>"#;
        let facts = read_saml(text).expect("read");
        assert!(facts.encrypted);
        assert!(facts.roles.is_empty());
    }

    #[test]
    fn other_text_is_not_read_and_broken_xml_never_panics() {
        for text in [
            "",
            "hello",
            "<html><body>x</body></html>",
            "{\"Version\": 1}",
            "<",
            "<a b=\"",
            "<a b=c>",
            "&#xFFFFFFFF;",
            "<!--",
            "<![CDATA[",
        ] {
            assert_eq!(read_saml(text), None, "{text}");
        }
        let _ = read_saml("<Response><Assertion><Attribute Name=\"https://aws.amazon.com/SAML/Attributes/Role\"><AttributeValue>a");
        let _ =
            read_saml("<Response></Assertion></x></Response><Issuer>&amp;&lt;&#65;&#x42;&bogus;&");
    }
}
