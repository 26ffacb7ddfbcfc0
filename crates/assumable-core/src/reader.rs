//! The reader: import, unwrapping and account-wide access as one message
//! in, one message out, so that the page can run them in a Web Worker of
//! their own, loaded the first time a person pastes (the page's first load
//! then carries none of it). Messages are JSON text; each carries the id its
//! answer returns with. Above `import` and `access`, which never import it.

use serde::{Deserialize, Serialize};

use crate::access::{self, Finding, Pair};
use crate::import::{import, unwrap_policy, ImportInput, ImportOutcome, Unrecognized, Unwrapped};
use crate::report::DocumentId;
use crate::scenario::Scenario;

/// What the reader says once it listens: requests sent before it are held
/// by the page, since a worker's messages that arrive while its code is
/// still loading find no handler.
pub const READY: &str = "ready";

/// What the page asks the reader.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReadRequest {
    /// [`import`] these inputs into `into` (or an empty case).
    Import {
        inputs: Vec<ImportInput>,
        into: Option<Scenario>,
    },
    /// [`unwrap_policy`] a text pasted into `document`'s editor.
    Unwrap {
        text: String,
        document: DocumentId,
        case: Option<Scenario>,
    },
    /// Who can assume what across authorization-details dumps
    /// ([`crate::access`]), chains included.
    Access { dumps: Vec<ImportInput> },
    /// The single case of one pair of the dumps.
    PairScenario {
        dumps: Vec<ImportInput>,
        principal: String,
        role: String,
    },
}

/// The reader's answer to a [`ReadRequest`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReadAnswer {
    Imported {
        outcome: Box<ImportOutcome>,
    },
    Unwrapped {
        unwrapped: Option<Unwrapped>,
    },
    /// Every pair that is not a plain deny, chains included; how many
    /// principals and roles the dumps hold; the inputs that are no dump.
    Access {
        pairs: Vec<Pair>,
        /// Principals outside the dumps that roles trust, riskiest first.
        findings: Vec<Finding>,
        principals: usize,
        roles: usize,
        unrecognized: Vec<Unrecognized>,
        notes: Vec<String>,
    },
    PairScenario {
        scenario: Option<Box<Scenario>>,
    },
    /// The message was not one the reader knows (a page and a reader of
    /// different versions): said, never a crash.
    Refused {
        error: String,
    },
}

/// A request with the id its answer carries back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadMessage {
    pub id: u64,
    pub request: ReadRequest,
}

/// An answer with its request's id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadReply {
    pub id: u64,
    pub answer: ReadAnswer,
}

/// Answers one request.
pub fn answer(request: &ReadRequest) -> ReadAnswer {
    match request {
        ReadRequest::Import { inputs, into } => ReadAnswer::Imported {
            outcome: Box::new(import(inputs, into.as_ref())),
        },
        ReadRequest::Unwrap {
            text,
            document,
            case,
        } => ReadAnswer::Unwrapped {
            unwrapped: unwrap_policy(text, *document, case.as_ref()),
        },
        ReadRequest::Access { dumps } => {
            let (model, unrecognized) = access::load(dumps);
            let mut pairs = access::pairs(&model, false);
            let chained = access::chained_pairs(&pairs);
            pairs.extend(chained);
            ReadAnswer::Access {
                pairs,
                findings: access::findings(&model),
                principals: model.principals.len(),
                roles: model.roles.len(),
                unrecognized,
                notes: model.notes,
            }
        }
        ReadRequest::PairScenario {
            dumps,
            principal,
            role,
        } => {
            let (model, _) = access::load(dumps);
            ReadAnswer::PairScenario {
                scenario: access::scenario_of(&model, principal, role).map(Box::new),
            }
        }
    }
}

/// The reply, as JSON, to a message in JSON: what the worker does with each
/// message it gets. A message it cannot read is answered `refused` (with id
/// 0 when even the id cannot be read).
pub fn reply_to(message: &str) -> String {
    let reply = match serde_json::from_str::<ReadMessage>(message) {
        Ok(message) => ReadReply {
            id: message.id,
            answer: answer(&message.request),
        },
        Err(error) => ReadReply {
            id: serde_json::from_str::<serde_json::Value>(message)
                .ok()
                .and_then(|value| value.get("id")?.as_u64())
                .unwrap_or(0),
            answer: ReadAnswer::Refused {
                error: format!("the reader cannot read this message: {error}"),
            },
        },
    };
    serde_json::to_string(&reply).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(request: ReadRequest) -> ReadReply {
        let message = serde_json::to_string(&ReadMessage { id: 7, request }).unwrap_or_default();
        match serde_json::from_str(&reply_to(&message)) {
            Ok(reply) => reply,
            Err(error) => panic!("the reply is JSON: {error}"),
        }
    }

    #[test]
    fn an_import_request_is_answered_with_its_outcome_and_id() {
        let reply = round_trip(ReadRequest::Import {
            inputs: vec![ImportInput {
                source: "paste".into(),
                text: "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/Deploy".into(),
            }],
            into: None,
        });
        assert_eq!(reply.id, 7);
        let ReadAnswer::Imported { outcome } = reply.answer else {
            panic!("imported: {reply:?}");
        };
        assert_eq!(
            outcome.scenario.request.caller,
            "arn:aws:iam::111122223333:user/ci"
        );
    }

    #[test]
    fn an_unwrap_request_is_answered_with_the_document() {
        let reply = round_trip(ReadRequest::Unwrap {
            text: r#"{"Role": {"RoleName": "R", "Arn": "arn:aws:iam::111122223333:role/R", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}}"#.into(),
            document: DocumentId::TrustPolicy,
            case: None,
        });
        let ReadAnswer::Unwrapped {
            unwrapped: Some(unwrapped),
        } = reply.answer
        else {
            panic!("unwrapped: {reply:?}");
        };
        assert!(unwrapped.text.contains("\"Statement\""));
    }

    #[test]
    fn access_requests_answer_the_pairs_and_a_pair_s_case() {
        let dumps: Vec<ImportInput> = ["first-account.json", "second-account.json"]
            .iter()
            .map(|name| ImportInput {
                source: name.to_string(),
                text: std::fs::read_to_string(format!(
                    "{}/../../tests/access/{name}",
                    env!("CARGO_MANIFEST_DIR")
                ))
                .unwrap_or_default(),
            })
            .collect();
        let reply = round_trip(ReadRequest::Access {
            dumps: dumps.clone(),
        });
        let ReadAnswer::Access {
            pairs,
            principals,
            roles,
            ..
        } = reply.answer
        else {
            panic!("access: {reply:?}");
        };
        assert_eq!((principals, roles), (8, 5));
        assert!(
            pairs.iter().any(|pair| !pair.via.is_empty()),
            "chains included"
        );
        let reply = round_trip(ReadRequest::PairScenario {
            dumps,
            principal: "arn:aws:iam::111111111111:user/alice".into(),
            role: "arn:aws:iam::111111111111:role/Vendor".into(),
        });
        let ReadAnswer::PairScenario {
            scenario: Some(scenario),
        } = reply.answer
        else {
            panic!("a case: {reply:?}");
        };
        assert_eq!(
            scenario.request.caller,
            "arn:aws:iam::111111111111:user/alice"
        );
        assert!(scenario.role.trust_policy.text().contains("sts:ExternalId"));
    }

    #[test]
    fn a_message_the_reader_does_not_know_is_refused_not_a_crash() {
        for (message, id) in [
            ("{\"id\": 3, \"request\": {\"kind\": \"dance\"}}", 3),
            ("not json", 0),
            ("", 0),
        ] {
            let reply: ReadReply = match serde_json::from_str(&reply_to(message)) {
                Ok(reply) => reply,
                Err(error) => panic!("{message}: {error}"),
            };
            assert_eq!(reply.id, id, "{message}");
            assert!(
                matches!(reply.answer, ReadAnswer::Refused { .. }),
                "{message}"
            );
        }
    }
}
