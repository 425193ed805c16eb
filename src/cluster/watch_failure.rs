//! Why a watch broke, as a kind the app can act on (a 403 on the namespace list means "watch the
//! configured stages instead"), classified from kube's typed errors rather than from their text.

use kube::runtime::watcher;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// 403: RBAC does not allow it.
    Forbidden,
    /// 401: the credential was refused.
    Unauthorized,
    /// 410: the resource version expired (the watcher lists again).
    Expired,
    /// Another answer from the API server (a 5xx, a 404, a 429…).
    Server,
    /// No answer: connection refused, reset, timed out, TLS.
    Unreachable,
}

impl FailureKind {
    pub fn of_status(code: u16) -> FailureKind {
        match code {
            401 => FailureKind::Unauthorized,
            403 => FailureKind::Forbidden,
            410 => FailureKind::Expired,
            _ => FailureKind::Server,
        }
    }

    pub fn of_kube(e: &kube::Error) -> FailureKind {
        match e {
            kube::Error::Api(s) => FailureKind::of_status(s.code),
            _ => FailureKind::Unreachable,
        }
    }

    pub fn of_watcher(e: &watcher::Error) -> FailureKind {
        match e {
            watcher::Error::InitialListFailed(e)
            | watcher::Error::WatchStartFailed(e)
            | watcher::Error::WatchFailed(e) => FailureKind::of_kube(e),
            watcher::Error::WatchError(s) => FailureKind::of_status(s.code),
            watcher::Error::NoResourceVersion => FailureKind::Server,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16) -> Box<kube::core::Status> {
        Box::new(kube::core::Status::failure("no", "Forbidden").with_code(code))
    }

    #[test]
    fn kinds_come_from_the_status_code_not_the_text() {
        let forbidden = watcher::Error::InitialListFailed(kube::Error::Api(status(403)));
        assert_eq!(FailureKind::of_watcher(&forbidden), FailureKind::Forbidden);
        // The text says "Forbidden" but the code is a 500: a server error.
        let e500 = watcher::Error::WatchFailed(kube::Error::Api(status(500)));
        assert_eq!(FailureKind::of_watcher(&e500), FailureKind::Server);
        let gone = watcher::Error::WatchError(status(410));
        assert_eq!(FailureKind::of_watcher(&gone), FailureKind::Expired);
        assert_eq!(
            FailureKind::of_kube(&kube::Error::Api(status(401))),
            FailureKind::Unauthorized
        );
        let refused = kube::Error::Service("connection refused".into());
        assert_eq!(FailureKind::of_kube(&refused), FailureKind::Unreachable);
    }
}
