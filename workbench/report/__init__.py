"""The PDF packet for leadership: cover, summary, matrix, GSN diagrams, logs and sign-off page."""

from workbench.report.appearance import signature_appearance
from workbench.report.manifest import MANIFEST_NAME, PacketManifest, build_manifest
from workbench.report.packet import build_packet, build_packet_with_manifest

__all__ = [
    "MANIFEST_NAME",
    "PacketManifest",
    "build_manifest",
    "build_packet",
    "build_packet_with_manifest",
    "signature_appearance",
]
