//! Container logs, generated rather than stored: line `k` of an instance is a pure function of
//! (seed, k), emitted at a time derived from its slot. Any window — a tail, `sinceSeconds`, a
//! follow — is computed directly, so 100,000 pods cost no memory for logs, and logs grow with
//! the clock like a real container's.

use jiff::{SignedDuration, Timestamp};

/// What kind of program writes the log: decides its line format and how it dies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Java,
    Go,
    Python,
    Node,
}

/// How an instance ended (or will end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Completed,
    Error,
    OomKilled,
}

/// One run of one container.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub app: String,
    pub lang: Lang,
    pub seed: u64,
    pub start: Timestamp,
    pub end: Option<(Timestamp, Ending)>,
    /// Bytes a second of numbered lines (`demo serve --log-rate`, `log_rate.rs`) instead of
    /// the app's own log.
    pub rate: Option<u64>,
}

/// Kubelet keeps ~10 MiB per container; we keep this many slots back from the newest.
const RETAINED_SLOTS: u64 = 5000;
const PERIOD_MS: i64 = 2500;
const BANNER: u64 = 6;

fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn pick<'a>(h: u64, xs: &[&'a str]) -> &'a str {
    xs[(h % xs.len() as u64) as usize]
}

impl Instance {
    fn h(&self, k: u64, salt: u64) -> u64 {
        mix(self.seed ^ mix(k.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt))
    }

    fn slot_time(&self, k: u64) -> Timestamp {
        if k < BANNER {
            // Start-up lines come in a burst.
            return self.start + SignedDuration::from_millis(40 + k as i64 * 180);
        }
        let jitter = (self.h(k, 1) % (PERIOD_MS as u64 - 100)) as i64;
        self.start + SignedDuration::from_millis(k as i64 * PERIOD_MS + jitter)
    }

    fn has_line(&self, k: u64) -> bool {
        k < BANNER || !self.h(k, 2).is_multiple_of(4)
    }

    /// The first slot at or after `t`.
    fn slot_at(&self, t: Timestamp) -> u64 {
        let ms = t.duration_since(self.start).as_millis();
        if ms <= 0 {
            0
        } else {
            ((ms / PERIOD_MS as i128) as u64).saturating_sub(1)
        }
    }

    fn ts_text(&self, t: Timestamp) -> String {
        t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
    }

    fn banner(&self, k: u64, t: Timestamp) -> String {
        let ts = self.ts_text(t);
        let app = &self.app;
        match self.lang {
            Lang::Java => match k {
                0 => format!("{ts}  INFO 1 --- [           main] c.e.{}.Application : Starting Application v2 using Java 21.0.5 with PID 1", app.replace('-', ".")),
                1 => format!("{ts}  INFO 1 --- [           main] c.e.{}.Application : The following 1 profile is active: \"kubernetes\"", app.replace('-', ".")),
                2 => format!("{ts}  INFO 1 --- [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat initialized with port 8080 (http)"),
                3 => format!("{ts}  INFO 1 --- [           main] com.zaxxer.hikari.HikariDataSource       : HikariPool-1 - Start completed."),
                4 => format!("{ts}  INFO 1 --- [           main] o.s.b.a.e.web.EndpointLinksResolver      : Exposing 3 endpoints beneath base path '/actuator'"),
                _ => format!("{ts}  INFO 1 --- [           main] c.e.{}.Application : Started Application in 6.{} seconds (process running for 7.1)", app.replace('-', "."), self.seed % 10),
            },
            Lang::Go => match k {
                0 => format!("{{\"time\":\"{ts}\",\"level\":\"INFO\",\"msg\":\"starting\",\"service\":\"{app}\",\"version\":\"1.{}.0\"}}", self.seed % 20),
                1 => format!("{{\"time\":\"{ts}\",\"level\":\"INFO\",\"msg\":\"loaded configuration\",\"source\":\"/etc/{app}/config.yaml\"}}"),
                2 => format!("{{\"time\":\"{ts}\",\"level\":\"INFO\",\"msg\":\"connected to database\",\"host\":\"{app}-db\",\"pool\":10}}"),
                3 => format!("{{\"time\":\"{ts}\",\"level\":\"INFO\",\"msg\":\"metrics listening\",\"addr\":\":9090\"}}"),
                4 => format!("{{\"time\":\"{ts}\",\"level\":\"INFO\",\"msg\":\"readiness probe enabled\",\"path\":\"/healthz\"}}"),
                _ => format!("{{\"time\":\"{ts}\",\"level\":\"INFO\",\"msg\":\"http server listening\",\"addr\":\":8080\"}}"),
            },
            Lang::Python => match k {
                0 => format!("[{ts}] [1] [INFO] Starting gunicorn 23.0.0"),
                1 => format!("[{ts}] [1] [INFO] Listening at: http://0.0.0.0:8080 (1)"),
                2 => format!("[{ts}] [1] [INFO] Using worker: uvicorn.workers.UvicornWorker"),
                3 => format!("[{ts}] [7] [INFO] Booting worker with pid: 7"),
                4 => format!("[{ts}] [7] [INFO] Waiting for application startup."),
                _ => format!("[{ts}] [7] [INFO] Application startup complete."),
            },
            Lang::Node => match k {
                0 => format!("> {app}@3.{}.0 start", self.seed % 9),
                1 => "> node dist/server.js".to_string(),
                2 => format!("{ts} info: loading config env=production"),
                3 => format!("{ts} info: redis connected host={app}-cache:6379"),
                4 => format!("{ts} info: registered 14 routes"),
                _ => format!("{ts} info: server listening on http://0.0.0.0:3000"),
            },
        }
    }

    fn body_line(&self, k: u64, t: Timestamp) -> String {
        let h = self.h(k, 3);
        let ts = self.ts_text(t);
        let path = pick(
            h >> 8,
            &[
                "/v1/payments",
                "/v1/accounts/{id}",
                "/v1/transfers",
                "/v1/quotes",
                "/v1/orders/{id}/status",
                "/v1/customers/{id}",
                "/healthz",
            ],
        );
        let method = pick(h >> 16, &["GET", "GET", "GET", "POST", "PUT"]);
        let status = pick(
            h >> 20,
            &[
                "200", "200", "200", "200", "201", "204", "404", "409", "500",
            ],
        );
        let ms = 3 + (h >> 24) % 240;
        let rare = (h >> 40) % 23;
        match self.lang {
            Lang::Java => {
                let thread = format!("nio-8080-exec-{}", 1 + (h >> 32) % 10);
                if rare == 0 {
                    format!("{ts}  WARN 1 --- [{thread:>15}] com.zaxxer.hikari.pool.HikariPool        : HikariPool-1 - Connection is not available, request timed out after {ms}ms (total=10, active=10, idle=0, waiting=3)")
                } else if rare == 1 {
                    format!("{ts}  WARN 1 --- [{thread:>15}] o.s.k.l.KafkaMessageListenerContainer    : Consumer lag for partition payments-events-{} is {} records", h % 12, 100 + h % 900)
                } else {
                    format!("{ts}  INFO 1 --- [{thread:>15}] c.e.api.RequestLoggingFilter             : {method} {path} -> {status} ({ms} ms)")
                }
            }
            Lang::Go => {
                let level = if status == "500" { "ERROR" } else { "INFO" };
                if rare == 0 {
                    format!("{{\"time\":\"{ts}\",\"level\":\"WARN\",\"msg\":\"slow query\",\"duration_ms\":{},\"query\":\"SELECT * FROM ledger_entries WHERE account_id = $1\"}}", 500 + ms * 7)
                } else {
                    format!("{{\"time\":\"{ts}\",\"level\":\"{level}\",\"msg\":\"request\",\"method\":\"{method}\",\"path\":\"{path}\",\"status\":{status},\"duration_ms\":{ms}}}")
                }
            }
            Lang::Python => {
                if rare == 0 {
                    format!("[{ts}] [7] [WARNING] model cache miss for key risk-score:{:x}, recomputing", h >> 12)
                } else {
                    format!(
                        "[{ts}] [7] [INFO] 10.244.{}.{}:{} - \"{method} {path} HTTP/1.1\" {status}",
                        (h >> 4) % 8,
                        (h >> 12) % 250,
                        30000 + (h >> 28) % 30000
                    )
                }
            }
            Lang::Node => {
                if rare == 0 {
                    format!(
                        "{ts} warn: upstream {path} responded slowly ({}ms), retrying",
                        1000 + ms * 10
                    )
                } else {
                    format!("{ts} info: {method} {path} {status} {ms}ms")
                }
            }
        }
    }

    /// What the program writes just before it dies: the evidence an on-call engineer wants.
    fn last_words(&self, ending: Ending, t: Timestamp) -> Vec<String> {
        let ts = self.ts_text(t);
        let app = &self.app;
        match (self.lang, ending) {
            (_, Ending::Completed) => vec![format!("{ts} done: processed {} records, exiting", 100 + self.seed % 5000)],
            (Lang::Java, Ending::OomKilled) => vec![
                format!("{ts}  WARN 1 --- [       GC-watch] c.e.platform.MemoryWatchdog              : heap usage 97% of 768M after full GC"),
                format!("{ts} ERROR 1 --- [nio-8080-exec-4] o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() for servlet [dispatcherServlet] threw exception"),
                "java.lang.OutOfMemoryError: Java heap space".to_string(),
                "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)".to_string(),
                "\tat java.base/java.util.ArrayList.grow(ArrayList.java:237)".to_string(),
                format!("\tat com.example.{}.report.StatementExporter.collect(StatementExporter.java:88)", app.replace('-', ".")),
                format!("\tat com.example.{}.report.StatementController.export(StatementController.java:41)", app.replace('-', ".")),
            ],
            (Lang::Java, _) => vec![
                format!("{ts} ERROR 1 --- [           main] o.s.boot.SpringApplication               : Application run failed"),
                "org.springframework.beans.factory.BeanCreationException: Error creating bean with name 'entityManagerFactory': Failed to initialize dependency 'flyway'".to_string(),
                "\tat org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.initializeBean(AbstractAutowireCapableBeanFactory.java:1806)".to_string(),
                "\tat org.springframework.boot.SpringApplication.run(SpringApplication.java:335)".to_string(),
                format!("Caused by: org.postgresql.util.PSQLException: Connection to {app}-db:5432 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections."),
                "\tat org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:352)".to_string(),
                "\t... 42 common frames omitted".to_string(),
            ],
            (Lang::Go, Ending::OomKilled) => vec![
                format!("{{\"time\":\"{ts}\",\"level\":\"WARN\",\"msg\":\"memory pressure\",\"heap_alloc_mb\":{},\"limit_mb\":512}}", 480 + self.seed % 30),
                format!("{{\"time\":\"{ts}\",\"level\":\"INFO\",\"msg\":\"loading batch\",\"rows\":2500000}}"),
            ],
            (Lang::Go, _) => vec![
                "panic: runtime error: invalid memory address or nil pointer dereference".to_string(),
                "[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x8d4c2e]".to_string(),
                String::new(),
                "goroutine 87 [running]:".to_string(),
                format!("github.com/example/{app}/internal/ledger.(*Poster).Post(0x0, {{0xc0001a2000, 0x24}})"),
                format!("\t/src/internal/ledger/poster.go:142 +0x4e"),
                format!("github.com/example/{app}/internal/api.(*Handler).Transfer(0xc000214000, {{0xb1e2c8, 0xc0004b21c0}}, 0xc0002f8300)"),
                "\t/src/internal/api/transfer.go:77 +0x1f5".to_string(),
            ],
            (Lang::Python, Ending::OomKilled) => vec![
                format!("[{ts}] [7] [WARNING] feature matrix for batch is 1.8 GiB, above the 1.5 GiB soft limit"),
                format!("[{ts}] [7] [INFO] scoring batch 41 of 120"),
            ],
            (Lang::Python, _) => vec![
                format!("[{ts}] [7] [ERROR] Exception in ASGI application"),
                "Traceback (most recent call last):".to_string(),
                "  File \"/app/.venv/lib/python3.12/site-packages/uvicorn/protocols/http/httptools_impl.py\", line 409, in run_asgi".to_string(),
                "    result = await app(self.scope, self.receive, self.send)".to_string(),
                "  File \"/app/scoring/model.py\", line 58, in load_model".to_string(),
                "    with open(settings.MODEL_PATH, \"rb\") as fh:".to_string(),
                "FileNotFoundError: [Errno 2] No such file or directory: '/models/risk-v7.pkl'".to_string(),
                format!("[{ts}] [1] [ERROR] Worker (pid:7) exited with code 1"),
            ],
            (Lang::Node, Ending::OomKilled) => vec![
                String::new(),
                "<--- Last few GCs --->".to_string(),
                "[1:0x6a2b3c0]   812345 ms: Mark-Compact 502.1 (519.3) -> 499.8 (519.6) MB, 1201.33 / 0.00 ms  (average mu = 0.112, current mu = 0.034) allocation failure".to_string(),
                String::new(),
                "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory".to_string(),
            ],
            (Lang::Node, _) => vec![
                format!("{ts} error: unhandled rejection"),
                "TypeError: Cannot read properties of undefined (reading 'currency')".to_string(),
                "    at formatAmount (/app/dist/format.js:14:23)".to_string(),
                "    at /app/dist/routes/notifications.js:88:19".to_string(),
                "    at process.processTicksAndRejections (node:internal/process/task_queues:105:5)".to_string(),
                "Node.js v22.11.0".to_string(),
            ],
        }
    }

    /// Lines written in `[from, to)`, oldest first, with their timestamps; the caller passes the
    /// clock's now as `to` (never past the instance's end).
    pub fn lines(&self, from: Timestamp, to: Timestamp) -> Vec<(Timestamp, String)> {
        if let Some(rate) = self.rate {
            return super::log_rate::lines(self, rate, from, to);
        }
        let to = match self.end {
            Some((end, _)) if end < to => end + SignedDuration::from_millis(1),
            _ => to,
        };
        if to <= from || to <= self.start {
            return Vec::new();
        }
        let last_slot = self.slot_at(to) + 2;
        let oldest = last_slot.saturating_sub(RETAINED_SLOTS);
        let first = self.slot_at(from).max(oldest);
        // The final words sit just before the end; normal lines stop a moment earlier.
        let quiet_from = self.end.map(|(e, _)| e - SignedDuration::from_millis(1500));
        let mut out = Vec::new();
        for k in first..=last_slot {
            if !self.has_line(k) {
                continue;
            }
            let t = self.slot_time(k);
            if t < from || t >= to || quiet_from.is_some_and(|q| t >= q) {
                continue;
            }
            let text = if k < BANNER {
                self.banner(k, t)
            } else {
                self.body_line(k, t)
            };
            out.push((t, text));
        }
        if let Some((end, ending)) = self.end {
            let words = self.last_words(ending, end - SignedDuration::from_millis(200));
            let n = words.len() as i64;
            for (i, w) in words.into_iter().enumerate() {
                let t = end - SignedDuration::from_millis(10 * (n - i as i64));
                if t >= from && t < to {
                    out.push((t, w));
                }
            }
        }
        out
    }

    /// When the next line after `t` will be written, if the instance writes any more.
    pub fn next_line_after(&self, t: Timestamp) -> Option<Timestamp> {
        if let Some((end, _)) = self.end {
            if t >= end {
                return None;
            }
        }
        if let Some(rate) = self.rate {
            return Some(super::log_rate::next_line_after(self, rate, t));
        }
        let k = self.slot_at(t);
        (k..k + 8)
            .map(|k| self.slot_time(k))
            .find(|x| *x > t)
            .map(|x| match self.end {
                Some((end, _)) => x.min(end),
                None => x,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inst(end: Option<(Timestamp, Ending)>) -> Instance {
        Instance {
            app: "payments-api".into(),
            lang: Lang::Java,
            seed: 7,
            start: "2026-11-24T10:00:00Z".parse().unwrap(),
            end,
            rate: None,
        }
    }

    #[test]
    fn windows_are_consistent_and_ordered() {
        let i = inst(None);
        let a: Timestamp = "2026-11-24T10:00:00Z".parse().unwrap();
        let all = i.lines(a, a + SignedDuration::from_secs(120));
        assert!(all.len() > 30, "{}", all.len());
        assert!(all.windows(2).all(|w| w[0].0 <= w[1].0));
        assert!(all[0].1.contains("Starting Application"));
        // A window is exactly the matching part of the whole.
        let mid = a + SignedDuration::from_secs(60);
        let second_half = i.lines(mid, a + SignedDuration::from_secs(120));
        let expected: Vec<_> = all.iter().filter(|(t, _)| *t >= mid).cloned().collect();
        assert_eq!(second_half, expected);
    }

    #[test]
    fn a_crashed_instance_ends_with_its_trace() {
        let start: Timestamp = "2026-11-24T10:00:00Z".parse().unwrap();
        let end = start + SignedDuration::from_secs(40);
        let i = inst(Some((end, Ending::Error)));
        let lines = i.lines(start, end + SignedDuration::from_secs(600));
        assert!(lines.last().unwrap().1.contains("42 common frames omitted"));
        assert!(lines.iter().all(|(t, _)| *t <= end));
        assert_eq!(i.next_line_after(end), None);
    }
}
