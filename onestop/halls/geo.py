"""Distances and map coordinates. Halls store WGS-84 (GPS, what browsers' geolocation returns);
Chinese tile providers (高德, 腾讯, 天地图's GCJ-02 layers) draw in GCJ-02, so markers on such a layer
are shifted with coordTransform (a maintained implementation of the published GCJ-02 algorithm).
Pure functions, no database."""

from __future__ import annotations

import math
from typing import NamedTuple

import coordTransform

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two WGS-84 points (error under 0.5 %)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def valid_point(lat, lon) -> tuple[float, float] | None:
    """(lat, lon) as floats when both are finite and on the globe, else None."""
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def to_map(lat: float, lon: float, *, gcj02: bool) -> tuple[float, float]:
    """The point to draw on the tile layer: unchanged for WGS-84 layers, shifted for GCJ-02 ones
    (coordTransform leaves points outside China unchanged, as the algorithm prescribes)."""
    if not gcj02:
        return lat, lon
    lon2, lat2 = coordTransform.wgs84_to_gcj02(lon, lat)  # the library takes and returns (lng, lat)
    return lat2, lon2


def format_distance(km: float) -> str:
    return f"{km * 1000:.0f} 米" if km < 1 else f"{km:.1f} 公里"


HALF_EARTH_KM = math.pi * EARTH_RADIUS_KM  # no two points on the globe are further apart


class Box(NamedTuple):
    south: float
    north: float
    west: float
    east: float


def bounding_box(lat: float, lon: float, radius_km: float) -> Box:
    """A latitude/longitude box holding every point within ``radius_km`` of (lat, lon): what a
    database can filter on before the exact distance. Near a pole or for a radius past the antimeridian
    the box widens to all longitudes (a hall may lie on either side)."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    south, north = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    if south <= -90.0 or north >= 90.0:
        return Box(south, north, -180.0, 180.0)
    dlon = math.degrees(math.asin(min(1.0, math.sin(radius_km / EARTH_RADIUS_KM) / math.cos(math.radians(lat)))))
    if radius_km >= HALF_EARTH_KM / 2 or lon - dlon < -180.0 or lon + dlon > 180.0:
        return Box(south, north, -180.0, 180.0)
    return Box(south, north, lon - dlon, lon + dlon)
