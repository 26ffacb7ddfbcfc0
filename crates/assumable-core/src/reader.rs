//! The page's workers: import and unwrapping (the reader, loaded the first
//! time a person pastes), redaction (the redactor, loaded the first time a
//! person shares a link redacted) and account-wide access (the access desk, loaded
//! when the account view first answers), one message in, one message out,
//! so that the page's first load carries none of it and long work never
//! blocks the page. Messages are JSON text; each carries the id its answer
//! returns with. Each worker answers its own requests ([`answer`],
//! [`redact_answer`], [`AccessDesk::answer`]; [`ReadRequest::desk`] says
//! whose) and refuses the others, so that none links another's code. Above
//! `import`, `access` and `redact`, which never import it.

use serde::{Deserialize, Serialize};

use crate::access::{self, AccountModel, Finding, Pair};
use crate::import::{import, unwrap_policy, ImportInput, ImportOutcome, Unrecognized, Unwrapped};
use crate::redact::Redaction;
use crate::report::DocumentId;
use crate::scenario::Scenario;
use crate::share::redact_for_sharing;

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
    /// The case redacted for a shared link ([`redact_for_sharing`]): only
    /// a person who shares redacted needs redaction's code.
    Redact { scenario: Box<Scenario> },
    /// Who can assume what across authorization-details dumps
    /// ([`crate::access`]), chains included; the dumps stay loaded in the
    /// access desk for the requests below.
    Access { dumps: Vec<ImportInput> },
    /// Every principal's answer for one role of the loaded dumps, denials
    /// included (with their failing checks).
    WhoCanAssume { role: String },
    /// Every role's answer for one principal of the loaded dumps, denials
    /// included, and the roles it reaches only by chaining.
    ReachableFrom { principal: String },
    /// The single case of one pair: of `dumps`, or of the loaded dumps when
    /// none are given.
    PairScenario {
        #[serde(default)]
        dumps: Vec<ImportInput>,
        principal: String,
        role: String,
    },
}

/// The worker that answers a request: each is a module of its own, loaded
/// the first time it is needed, and links only its own code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Desk {
    /// Import and unwrapping ([`answer`]).
    Reader,
    /// Redaction for a shared link ([`redact_answer`]): it evaluates (a value
    /// is kept when the case would no longer evaluate the same), which the
    /// reader does not need.
    Redactor,
    /// Account-wide access ([`AccessDesk::answer`]).
    Access,
}

impl ReadRequest {
    pub fn desk(&self) -> Desk {
        match self {
            ReadRequest::Import { .. } | ReadRequest::Unwrap { .. } => Desk::Reader,
            ReadRequest::Redact { .. } => Desk::Redactor,
            _ => Desk::Access,
        }
    }
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
    Redacted {
        redaction: Box<Redaction>,
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
        /// The ARNs of the principals and of the roles, in the dumps'
        /// order: what a person picks from.
        #[serde(default)]
        principal_arns: Vec<String>,
        #[serde(default)]
        role_arns: Vec<String>,
    },
    /// The answers of [`ReadRequest::WhoCanAssume`] and
    /// [`ReadRequest::ReachableFrom`].
    Pairs {
        pairs: Vec<Pair>,
    },
    /// How far a long answer is (principals answered of all), sent before
    /// the answer with the same id; never the last word.
    Progress {
        done: usize,
        total: usize,
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

/// The reader's answer to one request: import and unwrapping.
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
        _ => refused_here("the reader"),
    }
}

/// The redactor's answer to one request: the case redacted for sharing.
pub fn redact_answer(request: &ReadRequest) -> ReadAnswer {
    match request {
        ReadRequest::Redact { scenario } => ReadAnswer::Redacted {
            redaction: Box::new(redact_for_sharing(scenario)),
        },
        _ => refused_here("the redactor"),
    }
}

/// The access worker's state: the dumps last loaded, as a model, and the
/// pairs answered for them, so that picking a role or a principal does not
/// load them again.
#[derive(Debug, Default)]
pub struct AccessDesk {
    model: Option<AccountModel>,
    /// Every pair that is not a plain deny, direct then chained.
    pairs: Vec<Pair>,
}

impl AccessDesk {
    /// The access desk's answer to one request: account-wide access.
    pub fn answer(&mut self, request: &ReadRequest) -> ReadAnswer {
        self.answer_reporting(request, &mut |_| {})
    }

    /// [`Self::answer`], telling `report` how far a long answer is
    /// ([`ReadAnswer::Progress`], at most once per percent).
    pub fn answer_reporting(
        &mut self,
        request: &ReadRequest,
        report: &mut dyn FnMut(ReadAnswer),
    ) -> ReadAnswer {
        match request {
            ReadRequest::Access { dumps } => {
                let (model, unrecognized) = access::load(dumps);
                let mut last_percent = 0;
                let mut pairs = access::not_denied_with_progress(&model, &mut |done, total| {
                    let percent = done * 100 / total.max(1);
                    if percent > last_percent && done < total {
                        last_percent = percent;
                        report(ReadAnswer::Progress { done, total });
                    }
                })
                .0;
                let chained = access::chained_pairs(&pairs);
                pairs.extend(chained);
                let answer = ReadAnswer::Access {
                    pairs: pairs.clone(),
                    findings: access::findings(&model),
                    principals: model.principals.len(),
                    roles: model.roles.len(),
                    unrecognized,
                    notes: model.notes.clone(),
                    principal_arns: model.principals.iter().map(|p| p.arn.clone()).collect(),
                    role_arns: model.roles.iter().map(|r| r.arn.clone()).collect(),
                };
                self.model = Some(model);
                self.pairs = pairs;
                answer
            }
            ReadRequest::WhoCanAssume { role } => match &self.model {
                Some(model) => ReadAnswer::Pairs {
                    pairs: access::who_can_assume(model, role),
                },
                None => not_loaded(),
            },
            ReadRequest::ReachableFrom { principal } => match &self.model {
                Some(model) => {
                    let mut pairs = access::reachable_from(model, principal);
                    pairs.extend(
                        self.pairs
                            .iter()
                            .filter(|pair| pair.principal == *principal && !pair.via.is_empty())
                            .cloned(),
                    );
                    ReadAnswer::Pairs { pairs }
                }
                None => not_loaded(),
            },
            ReadRequest::PairScenario {
                dumps,
                principal,
                role,
            } => {
                let scenario = if dumps.is_empty() {
                    self.model
                        .as_ref()
                        .and_then(|model| access::scenario_of(model, principal, role))
                } else {
                    access::scenario_of(&access::load(dumps).0, principal, role)
                };
                ReadAnswer::PairScenario {
                    scenario: scenario.map(Box::new),
                }
            }
            _ => refused_here("the access worker"),
        }
    }
}

fn refused_here(worker: &str) -> ReadAnswer {
    ReadAnswer::Refused {
        error: format!("{worker} does not answer this request"),
    }
}

/// A request about loaded dumps when none are (a worker started afresh).
fn not_loaded() -> ReadAnswer {
    ReadAnswer::Refused {
        error: "no outputs are loaded: add them again".to_string(),
    }
}

/// The reply, as JSON, to a message in JSON, by a worker's `answer`: what
/// the worker does with each message it gets. A message it cannot read is answered `refused` (with id
/// 0 when even the id cannot be read).
pub fn reply_to(message: &str, answer: impl FnOnce(&ReadRequest) -> ReadAnswer) -> String {
    reply_reporting(message, |request, _| answer(request), &mut |_| {})
}

/// [`reply_to`] for a worker whose `answer` reports how far it is: each
/// report goes to `post` as a reply of its own, with the request's id.
pub fn reply_reporting(
    message: &str,
    answer: impl FnOnce(&ReadRequest, &mut dyn FnMut(ReadAnswer)) -> ReadAnswer,
    post: &mut dyn FnMut(String),
) -> String {
    let reply = match serde_json::from_str::<ReadMessage>(message) {
        Ok(message) => {
            let id = message.id;
            let mut report = |interim: ReadAnswer| {
                post(
                    serde_json::to_string(&ReadReply {
                        id,
                        answer: interim,
                    })
                    .unwrap_or_default(),
                );
            };
            ReadReply {
                id,
                answer: answer(&message.request, &mut report),
            }
        }
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
        desk_round_trip(&mut AccessDesk::default(), request)
    }

    /// Through the reader's answer, or the desk's for access requests.
    fn desk_round_trip(desk: &mut AccessDesk, request: ReadRequest) -> ReadReply {
        let at = request.desk();
        let message = serde_json::to_string(&ReadMessage { id: 7, request }).unwrap_or_default();
        let reply = match at {
            Desk::Reader => reply_to(&message, answer),
            Desk::Redactor => reply_to(&message, redact_answer),
            Desk::Access => reply_to(&message, |request| desk.answer(request)),
        };
        match serde_json::from_str(&reply) {
            Ok(reply) => reply,
            Err(error) => panic!("the reply is JSON: {error}"),
        }
    }

    fn fixtures() -> Vec<ImportInput> {
        ["first-account.json", "second-account.json"]
            .iter()
            .map(|name| ImportInput {
                source: name.to_string(),
                text: std::fs::read_to_string(format!(
                    "{}/../../tests/access/{name}",
                    env!("CARGO_MANIFEST_DIR")
                ))
                .unwrap_or_default(),
            })
            .collect()
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
        let dumps = fixtures();
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
            let reply: ReadReply = match serde_json::from_str(&reply_to(message, answer)) {
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

    #[test]
    fn the_desk_keeps_the_dumps_for_picking_a_role_or_a_principal() {
        let mut desk = AccessDesk::default();
        let alice = "arn:aws:iam::111111111111:user/alice";
        let audit = "arn:aws:iam::222222222222:role/Audit";
        // Before any dumps, said, not answered empty.
        let reply = desk_round_trip(&mut desk, ReadRequest::WhoCanAssume { role: audit.into() });
        assert!(
            matches!(reply.answer, ReadAnswer::Refused { .. }),
            "{reply:?}"
        );

        let reply = desk_round_trip(&mut desk, ReadRequest::Access { dumps: fixtures() });
        let ReadAnswer::Access {
            principal_arns,
            role_arns,
            ..
        } = reply.answer
        else {
            panic!("access: {reply:?}");
        };
        assert_eq!((principal_arns.len(), role_arns.len()), (8, 5));
        assert!(principal_arns.iter().any(|arn| arn == alice));

        // Every principal but the role itself, denials with their checks.
        let reply = desk_round_trip(&mut desk, ReadRequest::WhoCanAssume { role: audit.into() });
        let ReadAnswer::Pairs { pairs } = reply.answer else {
            panic!("pairs: {reply:?}");
        };
        assert_eq!(pairs.len(), 7);
        let local = "arn:aws:iam::111111111111:role/Local";
        assert!(pairs
            .iter()
            .any(|pair| pair.principal == local && pair.result == access::Access::Allow));
        assert!(pairs
            .iter()
            .filter(|pair| pair.result == access::Access::Deny)
            .all(|pair| !pair.failing.is_empty()));

        // Alice reaches Audit only through Local: the chain is included.
        let reply = desk_round_trip(
            &mut desk,
            ReadRequest::ReachableFrom {
                principal: alice.into(),
            },
        );
        let ReadAnswer::Pairs { pairs } = reply.answer else {
            panic!("pairs: {reply:?}");
        };
        assert!(pairs
            .iter()
            .any(|pair| pair.role == audit && pair.via == [local.to_string()]));
        assert_eq!(pairs.iter().filter(|pair| pair.via.is_empty()).count(), 5);

        // A pair's case from the loaded dumps, without sending them again.
        let reply = desk_round_trip(
            &mut desk,
            ReadRequest::PairScenario {
                dumps: Vec::new(),
                principal: alice.into(),
                role: local.into(),
            },
        );
        assert!(
            matches!(reply.answer, ReadAnswer::PairScenario { scenario: Some(_) }),
            "{reply:?}"
        );
    }

    /// Redaction crosses to the page as JSON and arrives as the page would
    /// have made it: the same scenario, marked redacted, and the same notes.
    #[test]
    fn a_redact_request_is_answered_with_the_redaction_for_sharing() {
        let scenario = match Scenario::from_json(include_str!(
            "../../../tests/cases/allow/external-id.json"
        )) {
            Ok(scenario) => scenario,
            Err(error) => panic!("{error}"),
        };
        let reply = round_trip(ReadRequest::Redact {
            scenario: Box::new(scenario.clone()),
        });
        let ReadAnswer::Redacted { redaction } = reply.answer else {
            panic!("redacted: {reply:?}");
        };
        assert_eq!(*redaction, redact_for_sharing(&scenario));
        assert!(!redaction.scenario.to_json_pretty().contains("111111111111"));
        let redact = ReadRequest::Redact {
            scenario: Box::new(scenario),
        };
        assert!(matches!(answer(&redact), ReadAnswer::Refused { .. }));
        assert!(matches!(
            AccessDesk::default().answer(&redact),
            ReadAnswer::Refused { .. }
        ));
        assert!(matches!(
            redact_answer(&ReadRequest::Import {
                inputs: Vec::new(),
                into: None
            }),
            ReadAnswer::Refused { .. }
        ));
    }

    #[test]
    fn each_worker_refuses_the_other_s_requests() {
        let import = ReadRequest::Import {
            inputs: Vec::new(),
            into: None,
        };
        assert!(matches!(
            AccessDesk::default().answer(&import),
            ReadAnswer::Refused { .. }
        ));
        let message = serde_json::to_string(&ReadMessage {
            id: 1,
            request: ReadRequest::Access { dumps: fixtures() },
        })
        .unwrap_or_default();
        let reply: ReadReply = match serde_json::from_str(&reply_to(&message, answer)) {
            Ok(reply) => reply,
            Err(error) => panic!("{error}"),
        };
        assert!(
            matches!(reply.answer, ReadAnswer::Refused { .. }),
            "{reply:?}"
        );
    }

    #[test]
    fn a_long_answer_reports_how_far_it_is_under_the_request_s_id() {
        let message = serde_json::to_string(&ReadMessage {
            id: 9,
            request: ReadRequest::Access { dumps: fixtures() },
        })
        .unwrap_or_default();
        let mut desk = AccessDesk::default();
        let mut posted = Vec::new();
        let last = reply_reporting(
            &message,
            |request, report| desk.answer_reporting(request, report),
            &mut |reply| posted.push(reply),
        );
        let interim: Vec<ReadReply> = posted
            .iter()
            .filter_map(|reply| serde_json::from_str(reply).ok())
            .collect();
        // Eight principals: one report after each but the last.
        assert_eq!(interim.len(), 7, "{posted:?}");
        for (n, reply) in interim.iter().enumerate() {
            assert_eq!(reply.id, 9);
            assert_eq!(
                reply.answer,
                ReadAnswer::Progress {
                    done: n + 1,
                    total: 8
                }
            );
        }
        let last: ReadReply = match serde_json::from_str(&last) {
            Ok(reply) => reply,
            Err(error) => panic!("{error}"),
        };
        assert!(matches!(last.answer, ReadAnswer::Access { .. }), "{last:?}");
    }
}
