#!/usr/bin/env python3
"""Fails when a Swift file imports a module its target does not declare in Package.swift.

SwiftPM lets a target import any module its dependencies pull in, so an undeclared import builds
until the dependency that brought it changes; this keeps every target's dependencies honest.
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYSTEM = {"Foundation", "FoundationEssentials", "FoundationNetworking", "Synchronization", "Dispatch", "Glibc",
          "Darwin", "Testing", "XCTest", "_Concurrency", "Observation"}

package = open(os.path.join(ROOT, "Package.swift")).read()
failures = []
for match in re.finditer(r'\.(target|executableTarget|testTarget)\(\s*name:\s*"([^"]+)"(.*?)\n        \),?', package, re.S):
    _, name, body = match.groups()
    head = re.split(r"resources:|swiftSettings:|plugins:", body)[0]
    declared = set(re.findall(r'"([A-Za-z0-9]+)"', head)) | set(re.findall(r'\.product\(name:\s*"([^"]+)"', body))
    folder = os.path.join(ROOT, "Tests" if match.group(1) == "testTarget" else "Sources", name)
    for path in glob.glob(folder + "/**/*.swift", recursive=True):
        for number, line in enumerate(open(path), 1):
            found = re.match(r"\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*(?:public |package |internal )?import "
                             r"(?:struct |enum |class |func |protocol )?([A-Za-z_0-9]+)", line)
            if found and found.group(1) not in declared | SYSTEM | {name}:
                failures.append(f"{os.path.relpath(path, ROOT)}:{number}: {name} imports {found.group(1)}, "
                                f"which Package.swift does not declare")
print("\n".join(failures) if failures else "every import is declared in Package.swift")
sys.exit(1 if failures else 0)
