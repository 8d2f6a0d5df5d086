"""The app's style sheet (one place, so presentation mode can scale everything)."""

from __future__ import annotations

CSS = """
.yz-big { font-size: 1.45em; }
.yz-big .v-btn { font-size: 1.05em !important; height: 46px !important; }
.yz-big .v-tab { font-size: 1.15em !important; }
.yz-big .v-label, .yz-big .v-input, .yz-big .v-btn-toggle .v-btn { font-size: 1em !important; }
.yz-big .v-input--switch .v-label, .yz-big .v-slider + .v-label { font-size: 1em !important; }
.yz-big .yz-ws-controls, .yz-big .yz-ws-live, .yz-big .yz-ws-time { margin: 0 !important; }
.yz-sentences p { font-size: 1.12em; margin-bottom: 0.4em; }
.yz-network, .yz-whatif-figure, .yz-compare-figure { max-width: 100%; }
.v-messages__message { line-height: 1.3; }
.v-text-field { margin-bottom: 8px; }
.yz-md table { border-collapse: collapse; margin: 6px 0; }
.yz-md th, .yz-md td { border: 1px solid #ccc; padding: 3px 7px; text-align: left; }
.yz-md h1 { font-size: 1.6em; margin: 4px 0; } .yz-md h2 { font-size: 1.35em; margin: 10px 0 4px; }
.yz-md h3 { font-size: 1.15em; margin: 10px 0 4px; }
"""
