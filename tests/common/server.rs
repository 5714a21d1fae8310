//! The planning table as the tests run it: `zones-blanches serve` on loopback (port 0, the
//! address read from its first line), plain HTTP/1.1 requests over a socket, and the process
//! killed when the test ends.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `serve` (its requests are its [`Client`]'s).
pub struct Server {
    pub child: Child,
    pub client: Client,
}

/// Requests to a server at an address, from any thread.
#[derive(Clone)]
pub struct Client {
    /// `127.0.0.1:PORT`.
    pub address: String,
}

impl std::ops::Deref for Server {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl Server {
    /// Start `serve` with `args` (`--port 0 -q` added) and wait until it answers.
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_zones-blanches"))
            .arg("serve")
            .args(args)
            .args(["--port", "0", "-q"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("address line");
        let address = line
            .split("http://")
            .nth(1)
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .trim()
            .trim_end_matches('/')
            .to_string();
        Server {
            child,
            client: Client { address },
        }
    }
}

impl Client {
    /// `(status, body)` of one request; `headers` such as `Authorization: Bearer x`.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        headers: &[&str],
    ) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .expect("timeout");
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        // Host and Content-Type as a browser's fetch sends them, unless the test gives its own.
        if !headers.iter().any(|h| h.starts_with("Host:")) {
            head.push_str(&format!("Host: {}\r\n", self.address));
        }
        if method == "POST" && !headers.iter().any(|h| h.starts_with("Content-Type:")) {
            head.push_str("Content-Type: application/json\r\n");
        }
        for h in headers {
            head.push_str(h);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).expect("write head");
        // A server may answer (413) before reading a large body and close: not an error here.
        let _ = stream.write_all(body);
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete HTTP answer");
        let status_line = String::from_utf8_lossy(&raw[..split]);
        let status = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status");
        (status, raw[split + 4..].to_vec())
    }

    /// GET a JSON resource (status 200 required).
    pub fn get(&self, path: &str) -> Value {
        let (status, body) = self.request("GET", path, b"", &[]);
        assert_eq!(
            status,
            200,
            "GET {path}: {}",
            String::from_utf8_lossy(&body)
        );
        serde_json::from_slice(&body).expect("JSON")
    }

    /// POST JSON; `(status, answer)`.
    pub fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let (status, bytes) = self.request("POST", path, body.to_string().as_bytes(), &[]);
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    /// The current version.
    pub fn version(&self) -> u64 {
        self.get("/api/state")["version"].as_u64().expect("version")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
