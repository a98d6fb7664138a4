#!/usr/bin/python3
"""Prints the accessible tree of a running application, as the accessibility bus shows it, as JSON.

Usage: tree.py APPLICATION [--depth N] [--nodes N] [--seconds N]

APPLICATION is the application's name on the bus (`keyfob-app`). Each node is an object:
  role      the role's name, as screen readers get it ("push button", "entry", "document web")
  name      the accessible name ("" when it has none)
  states    the states that matter to a user: focusable, focused, showing, visible, checked, pressed,
            expanded, selected, sensitive, editable, modal, ...
  attrs     the node's object attributes (WebKitGTK gives "id", "tag", "xml-roles", "live", ...), when any
  text      what its text interface holds, for text nodes, headings, paragraphs, entries and live
            regions (any node with a "live" attribute), without embedded objects (U+FFFC), when any
  children  its children, in order
and the application's node has "truncated": whether the bounds below cut the walk short.

The walk is bounded: depth (--depth, 60), node count (--nodes, 5000; the rest are cut and "truncated"
is set) and time (--seconds, 20: past it the script fails rather than hang the caller). When there is
no application of that name, or the tree changes under the walk, it prints {"error": ...} and exits
with a status other than 0: the caller reads again.

Run with Debian's /usr/bin/python3 (python3-pyatspi), in the environment of the application's session
(DBUS_SESSION_BUS_ADDRESS, AT_SPI_BUS_ADDRESS).
"""

import argparse
import json
import signal
import sys

import pyatspi
from gi.repository import GLib

# Roles whose text is worth reading: what a screen reader speaks as content rather than a control's name.
TEXT_ROLES = {
    "heading", "paragraph", "static", "text", "label", "section", "status bar", "alert", "log", "entry",
    "password text", "list item", "caption", "block quote", "description term", "description value",
    "form", "panel", "footer", "notification", "timer", "spin button", "combo box", "link", "document web",
}

STATES = {
    pyatspi.STATE_FOCUSABLE: "focusable",
    pyatspi.STATE_FOCUSED: "focused",
    pyatspi.STATE_SHOWING: "showing",
    pyatspi.STATE_VISIBLE: "visible",
    pyatspi.STATE_CHECKED: "checked",
    pyatspi.STATE_PRESSED: "pressed",
    pyatspi.STATE_EXPANDABLE: "expandable",
    pyatspi.STATE_EXPANDED: "expanded",
    pyatspi.STATE_SELECTABLE: "selectable",
    pyatspi.STATE_SELECTED: "selected",
    pyatspi.STATE_SENSITIVE: "sensitive",
    pyatspi.STATE_ENABLED: "enabled",
    pyatspi.STATE_EDITABLE: "editable",
    pyatspi.STATE_MODAL: "modal",
    pyatspi.STATE_REQUIRED: "required",
    pyatspi.STATE_INVALID_ENTRY: "invalid",
    pyatspi.STATE_READ_ONLY: "read only",
    pyatspi.STATE_HAS_POPUP: "has popup",
    pyatspi.STATE_MULTI_LINE: "multi line",
    pyatspi.STATE_SINGLE_LINE: "single line",
    pyatspi.STATE_ACTIVE: "active",
}

# A node's text is cut here: enough for any sentence of the window, bounded for a pathological page.
TEXT_LIMIT = 2000


def text_of(node, role, attrs):
    if role not in TEXT_ROLES and "live" not in attrs:
        return None
    try:
        text = node.queryText()
    except NotImplementedError:
        return None
    count = min(text.characterCount, TEXT_LIMIT)
    content = text.getText(0, count).replace("\ufffc", "").strip()
    return content or None


def attributes_of(node):
    pairs = node.getAttributes() or []
    found = {}
    for pair in pairs:
        key, _, value = pair.partition(":")
        if key in ("id", "tag", "xml-roles", "live", "container-live", "atomic", "level", "haspopup"):
            found[key] = value
    return found


class Walk:
    def __init__(self, depth, nodes):
        self.depth = depth
        self.budget = nodes
        self.truncated = False

    def node(self, accessible, level):
        self.budget -= 1
        role = accessible.getRoleName()
        state_set = accessible.getState()
        states = sorted(name for state, name in STATES.items() if state_set.contains(state))
        out = {"role": role, "name": accessible.name or "", "states": states}
        attrs = attributes_of(accessible)
        if attrs:
            out["attrs"] = attrs
        text = text_of(accessible, role, attrs)
        if text is not None:
            out["text"] = text
        children = []
        if level < self.depth:
            for index in range(accessible.childCount):
                if self.budget <= 0:
                    self.truncated = True
                    break
                child = accessible.getChildAtIndex(index)
                if child is not None:
                    children.append(self.node(child, level + 1))
        elif accessible.childCount:
            self.truncated = True
        out["children"] = children
        return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("application")
    parser.add_argument("--depth", type=int, default=60)
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()

    def too_long(*_):
        print(json.dumps({"error": f"the walk took over {args.seconds} s"}))
        sys.exit(3)

    signal.signal(signal.SIGALRM, too_long)
    signal.alarm(args.seconds)

    desktop = pyatspi.Registry.getDesktop(0)
    apps = [desktop.getChildAtIndex(i) for i in range(desktop.childCount)]
    apps = [app for app in apps if app is not None and app.name == args.application]
    if not apps:
        names = [desktop.getChildAtIndex(i).name for i in range(desktop.childCount)]
        print(json.dumps({"error": f"no application {args.application!r} on the bus", "applications": names}))
        sys.exit(2)
    walk = Walk(args.depth, args.nodes)
    try:
        tree = walk.node(apps[0], 0)
    except GLib.GError as error:
        # The window is live: a node can go between two calls, or the page's process with all of them.
        print(json.dumps({"error": f"the tree changed or went while it was read: {error.message}"}))
        sys.exit(4)
    tree["truncated"] = walk.truncated
    print(json.dumps(tree))


if __name__ == "__main__":
    main()
