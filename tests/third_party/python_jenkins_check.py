"""python-jenkins against the simulated Jenkins: a third-party client, unchanged.

Usage: python3 python_jenkins_check.py DIR   (DIR: where `stagecoach demo serve` wrote jenkins.json)
Prints one line per check; exits non-zero at the first failure.
"""
import json
import sys
import time

import jenkins

cfg = json.load(open(f"{sys.argv[1]}/jenkins.json"))["payments"]
s = jenkins.Jenkins(cfg["url"], username=cfg["user"], password=cfg["token"], timeout=10)

assert s.get_whoami()["id"] == "admin"
print("whoami ok")
assert s.get_version()
print("version ok")
names = [j["name"] for j in s.get_jobs()]
assert "deploy-qa" in names and "e2e-tests" in names, names
print("jobs ok")
full = [j["fullname"] for j in s.get_all_jobs()]
assert "api/main" in full, full
print("all jobs ok")
info = s.get_job_info("deploy-qa")
last = info["lastCompletedBuild"]["number"]
b = s.get_build_info("deploy-qa", last)
assert b["number"] == last and b["result"] in ("SUCCESS", "FAILURE", "UNSTABLE", "ABORTED")
print("build info ok")
assert "[Pipeline]" in s.get_build_console_output("deploy-qa", last)
print("console ok")
q = s.build_job("deploy-qa", {"APPS": "all", "DRY_RUN": True})
started = None
for _ in range(40):
    item = s.get_queue_item(q)
    if item.get("executable"):
        started = item["executable"]["number"]
        break
    time.sleep(0.5)
assert started, "the queue item never started"
print("trigger ok")
running = [(r["name"], r["number"]) for r in s.get_running_builds()]
assert ("deploy-qa", started) in running, running
print("running builds ok")
s.stop_build("deploy-qa", started)
for _ in range(20):
    if s.get_build_info("deploy-qa", started)["result"] == "ABORTED":
        break
    time.sleep(0.5)
assert s.get_build_info("deploy-qa", started)["result"] == "ABORTED"
print("stop ok")
try:
    jenkins.Jenkins(cfg["url"], username="admin", password="wrong", timeout=10).get_whoami()
    raise SystemExit("a wrong token was accepted")
except jenkins.JenkinsException as e:
    print("wrong token refused ok")
