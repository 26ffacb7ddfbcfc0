//! The reader: import and unwrapping as one message in, one message out, so
//! that the page can run them in a Web Worker of their own, loaded the first
//! time a person pastes (the page's first load then carries none of the
//! recognisers). Messages are JSON text; each carries the id its answer
//! returns with.

use serde::{Deserialize, Serialize};

use super::{import, unwrap_policy, ImportInput, ImportOutcome, Unwrapped};
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
