//! A small DevTools-protocol client: Debian's headless Chromium started with a debugging port
//! on loopback, one page attached (flat session), commands answered in order; real mouse
//! events, script evaluation and screenshots. Enough to drive the planning table as a user.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::{Message, WebSocket};

/// A running browser and its attached page.
pub struct Browser {
    child: Child,
    socket: WebSocket<TcpStream>,
    session: Option<String>,
    next: u64,
}

impl Browser {
    /// Start `chromium` headless with a fresh profile, networking to the outside off.
    pub fn launch(chromium: &Path, profile: &Path) -> Browser {
        let mut child = Command::new(chromium)
            .args(super::browser::QUIET_HEADLESS)
            .args([
                "--hide-scrollbars",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                &format!("--user-data-dir={}", profile.display()),
                "about:blank",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split("DevTools listening on ").nth(1) {
                    let _ = tx.send(url.trim().to_string());
                }
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("chromium printed its DevTools address");
        let host = url
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .expect("host")
            .to_string();
        let stream = TcpStream::connect(&host).expect("connect to DevTools");
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .expect("timeout");
        let (socket, _) = tungstenite::client(url.as_str(), stream).expect("WebSocket handshake");
        Browser {
            child,
            socket,
            session: None,
            next: 0,
        }
    }

    /// Send a command (to the page once one is attached) and wait for its answer.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = &self.session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .expect("send");
        loop {
            let frame = self.socket.read().expect("DevTools answer");
            let Message::Text(text) = frame else { continue };
            let value: Value = serde_json::from_str(text.as_str()).expect("JSON");
            if value["id"] == json!(id) {
                assert!(value.get("error").is_none(), "{method}: {}", value["error"]);
                return value["result"].clone();
            }
        }
    }

    /// Open `url` in a new page of `width`×`height` and attach to it.
    pub fn open(&mut self, url: &str, width: u32, height: u32) {
        let target = self.call("Target.createTarget", json!({ "url": "about:blank" }));
        let attached = self.call(
            "Target.attachToTarget",
            json!({ "targetId": target["targetId"], "flatten": true }),
        );
        self.session = Some(attached["sessionId"].as_str().expect("session").to_string());
        self.call("Page.enable", json!({}));
        self.call("Runtime.enable", json!({}));
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
        self.call("Page.navigate", json!({ "url": url }));
    }

    /// The value of a script (promises awaited).
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {}",
            result["exceptionDetails"]
        );
        result["result"]["value"].clone()
    }

    /// Poll `expression` until it is truthy (a minute at most); its value.
    pub fn wait_for(&mut self, expression: &str) -> Value {
        let start = Instant::now();
        // Thrown while the page loads (no body yet): not yet.
        let guarded = format!(
            "(() => {{ try {{ return ({expression}); }} catch (e) {{ return null; }} }})()"
        );
        loop {
            let value = self.eval(&guarded);
            let truthy = !matches!(&value, Value::Null | Value::Bool(false))
                && value != json!(0)
                && value != json!("");
            if truthy {
                return value;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "timed out waiting for {expression}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A left click at (x, y) as a mouse makes it (moved, pressed, released); `shift` held.
    pub fn click(&mut self, x: f64, y: f64, shift: bool) {
        let modifiers = if shift { 8 } else { 0 };
        for (kind, buttons) in [("mouseMoved", 0), ("mousePressed", 1), ("mouseReleased", 0)] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": if kind == "mouseMoved" { "none" } else { "left" },
                        "buttons": buttons, "clickCount": 1, "modifiers": modifiers }),
            );
        }
    }

    /// A left-button drag through `path` (each leg in ten steps), with shift (8) or alt (1)
    /// held: a straight drag, a rectangle's diagonal, or a lasso's outline.
    pub fn drag(&mut self, path: &[(f64, f64)], modifiers: u32) {
        let event = |kind: &str, (x, y): (f64, f64), buttons: u32| {
            json!({ "type": kind, "x": x, "y": y, "button": "left", "buttons": buttons,
                    "clickCount": 1, "modifiers": modifiers })
        };
        self.call(
            "Input.dispatchMouseEvent",
            event("mousePressed", path[0], 1),
        );
        for leg in path.windows(2) {
            let (from, to) = (leg[0], leg[1]);
            for k in 1..=10 {
                let t = f64::from(k) / 10.0;
                let at = (from.0 + t * (to.0 - from.0), from.1 + t * (to.1 - from.1));
                self.call("Input.dispatchMouseEvent", event("mouseMoved", at, 1));
            }
        }
        let end = path[path.len() - 1];
        self.call("Input.dispatchMouseEvent", event("mouseReleased", end, 0));
    }

    /// The mouse moved to (x, y), no button down (a hover): two small moves 100 ms apart, as
    /// a hand makes them (Leaflet's canvas looks at hovers at most every 32 ms).
    pub fn hover(&mut self, x: f64, y: f64) {
        for dx in [-2.0, 0.0] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": "mouseMoved", "x": x + dx, "y": y, "button": "none", "buttons": 0 }),
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }

    /// Click the element a script finds (an expression giving the element), at its centre.
    pub fn click_found(&mut self, element: &str) {
        let at = self.wait_for(&format!(
            "(() => {{ const e = {element}; if (!e || e.disabled) return null; \
             e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect(); return {{x: r.x + r.width / 2, y: r.y + r.height / 2}}; }})()"
        ));
        self.click(
            at["x"].as_f64().expect("x"),
            at["y"].as_f64().expect("y"),
            false,
        );
    }

    /// Click the element a CSS selector finds, at its centre.
    pub fn click_selector(&mut self, selector: &str) {
        self.click_found(&format!("document.querySelector({selector:?})"));
    }

    /// A PNG of the page as it is drawn.
    pub fn screenshot(&mut self, path: &Path) {
        let shot = self.call("Page.captureScreenshot", json!({ "format": "png" }));
        let bytes = data_encoding::BASE64
            .decode(shot["data"].as_str().expect("data").as_bytes())
            .expect("base64");
        std::fs::write(path, bytes).expect("write screenshot");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
