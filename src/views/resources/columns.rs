//! Each kind's columns as `kubectl get` prints them (titles in kubectl's words), and which give
//! way first at 80 columns. A list over several stages leads with STAGE, as the pod list does.

use crate::cluster::resource::ResourceKind;
use crate::ui::widgets::table::Col;

pub const STAGE: Col = Col::new("STAGE", 5, 24, 0);

const fn name(min: u16) -> Col {
    Col::new("NAME", min, 63, 0).flex().keep_end()
}

const AGE: Col = Col::new("AGE", 3, 7, 1);

const DEPLOYMENT: &[Col] = &[
    name(20),
    Col::new("READY", 5, 7, 0),
    Col::new("UP-TO-DATE", 10, 10, 0).right(),
    Col::new("AVAILABLE", 9, 9, 0).right(),
    AGE,
];
const STATEFUL_SET: &[Col] = &[name(20), Col::new("READY", 5, 7, 0), AGE];
const SERVICE: &[Col] = &[
    name(16),
    Col::new("TYPE", 9, 12, 1),
    Col::new("CLUSTER-IP", 10, 39, 0),
    Col::new("EXTERNAL-IP", 11, 30, 2),
    Col::new("PORT(S)", 7, 40, 0).flex(),
    AGE,
];
const INGRESS: &[Col] = &[
    name(16),
    Col::new("CLASS", 5, 16, 2),
    Col::new("HOSTS", 5, 60, 0).flex(),
    Col::new("ADDRESS", 7, 30, 1),
    Col::new("PORTS", 5, 7, 1),
    AGE,
];
const CONFIG_MAP: &[Col] = &[name(20), Col::new("DATA", 4, 6, 0).right(), AGE];
const SECRET: &[Col] = &[
    name(20),
    Col::new("TYPE", 6, 36, 1).flex(),
    Col::new("DATA", 4, 6, 0).right(),
    AGE,
    Col::new("KEYS", 4, 80, 0).flex(),
];
const JOB: &[Col] = &[
    name(20),
    Col::new("STATUS", 6, 18, 0),
    Col::new("COMPLETIONS", 11, 14, 1),
    Col::new("DURATION", 8, 8, 1),
    AGE,
];
const CRON_JOB: &[Col] = &[
    name(16),
    Col::new("SCHEDULE", 8, 20, 0),
    Col::new("TIMEZONE", 8, 20, 3),
    Col::new("SUSPEND", 7, 7, 2),
    Col::new("ACTIVE", 6, 6, 0).right(),
    Col::new("LAST SCHEDULE", 13, 13, 0),
    AGE,
];
const PVC: &[Col] = &[
    name(24),
    Col::new("STATUS", 6, 11, 0),
    Col::new("VOLUME", 6, 40, 2).flex().keep_end(),
    Col::new("CAPACITY", 8, 10, 0),
    Col::new("ACCESS MODES", 12, 16, 1),
    Col::new("STORAGECLASS", 12, 24, 0),
    Col::new("VOLUMEATTRIBUTESCLASS", 21, 24, 3),
    AGE,
];
const EVENT: &[Col] = &[
    Col::new("LAST SEEN", 9, 9, 0),
    Col::new("TYPE", 7, 7, 0),
    Col::new("REASON", 6, 24, 0),
    Col::new("OBJECT", 12, 50, 0).flex().keep_end(),
    Col::new("MESSAGE", 10, 200, 0).flex(),
];
const NODE: &[Col] = &[
    name(16),
    Col::new("STATUS", 6, 30, 0),
    Col::new("ROLES", 5, 30, 1),
    AGE,
    Col::new("VERSION", 7, 16, 2),
];
const NAMESPACE: &[Col] = &[
    name(16),
    Col::new("STATUS", 6, 11, 0),
    AGE,
    Col::new("LABELS", 6, 120, 0).flex(),
];

/// The kind's columns after STAGE, and whether the first is the row's NAME (events have none).
pub fn columns(kind: ResourceKind) -> (&'static [Col], bool) {
    use ResourceKind::*;
    let cols = match kind {
        Deployment => DEPLOYMENT,
        StatefulSet => STATEFUL_SET,
        Service => SERVICE,
        Ingress => INGRESS,
        ConfigMap => CONFIG_MAP,
        Secret => SECRET,
        Job => JOB,
        CronJob => CRON_JOB,
        PersistentVolumeClaim => PVC,
        Event => EVENT,
        Node => NODE,
        Namespace => NAMESPACE,
        Pod => &[],
    };
    (cols, kind != Event)
}
