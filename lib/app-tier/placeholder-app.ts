import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** A small service on the app port that answers every GET with 200, so a fresh deploy is healthy. */
export function placeholderUserData(port: number, healthCheckPath: string): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  userData.addCommands(
    'set -euo pipefail',
    'mkdir -p /opt/placeholder-app',
    "cat > /opt/placeholder-app/server.py <<'PY'",
    'import http.server, json, socket',
    'class Handler(http.server.BaseHTTPRequestHandler):',
    '    def do_GET(self):',
    `        body = b"ok\\n" if self.path == "${healthCheckPath}" else json.dumps({"service": "placeholder", "host": socket.gethostname()}).encode()`,
    '        self.send_response(200)',
    '        self.send_header("Content-Length", str(len(body)))',
    '        self.end_headers()',
    '        self.wfile.write(body)',
    '    def log_message(self, *args):',
    '        pass',
    `http.server.ThreadingHTTPServer(("0.0.0.0", ${port}), Handler).serve_forever()`,
    'PY',
    "cat > /etc/systemd/system/placeholder-app.service <<'UNIT'",
    '[Unit]',
    'Description=MultiAzHaPlatform placeholder app (replace with appTier.userData)',
    'After=network-online.target',
    '[Service]',
    'ExecStart=/usr/bin/python3 /opt/placeholder-app/server.py',
    'Restart=always',
    'DynamicUser=yes',
    'AmbientCapabilities=CAP_NET_BIND_SERVICE',
    '[Install]',
    'WantedBy=multi-user.target',
    'UNIT',
    'systemctl daemon-reload',
    'systemctl enable --now placeholder-app.service',
  );
  return userData;
}
