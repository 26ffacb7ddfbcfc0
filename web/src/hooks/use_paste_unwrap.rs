//! A paste into a policy editor goes to the reader worker, which answers
//! with the document it wraps (an `aws iam get-role` output's trust policy),
//! if any; the answer becomes [`Action::Unwrapped`].

use std::rc::Rc;

use assumable_core::reader::{ReadAnswer, ReadRequest};
use assumable_core::scenario::Request;
use assumable_core::Scenario;
use yew::prelude::*;

use crate::reader::{read, Reply};
use crate::state::{Action, PastedText};

/// Sends each new paste (`paste`) to the reader; `call` is the case's
/// caller and role ARN, which narrow an output listing several roles.
#[hook]
pub fn use_paste_unwrap(
    paste: Option<Rc<PastedText>>,
    call: (String, String),
    on_action: Callback<Action>,
) {
    use_effect_with(paste, move |paste| {
        let Some(paste) = paste.clone() else {
            return;
        };
        let (caller, role_arn) = call;
        let case = Scenario {
            request: Request {
                caller,
                role_arn,
                ..Request::default()
            },
            ..Scenario::default()
        };
        let request = ReadRequest::Unwrap {
            text: paste.pasted.clone(),
            document: paste.document,
            case: Some(case),
        };
        read(
            request,
            Callback::from(move |reply: Reply| {
                // Not unwrapped (or no reader): the paste stays as pasted.
                if let Ok(ReadAnswer::Unwrapped {
                    unwrapped: Some(unwrapped),
                }) = reply
                {
                    on_action.emit(Action::Unwrapped {
                        paste: paste.clone(),
                        unwrapped,
                    });
                }
            }),
        );
    });
}
