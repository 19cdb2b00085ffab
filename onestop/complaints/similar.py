"""Similar open reports nearby, shown before a citizen submits (one pothole, not ten cases).

Candidates: reports still being handled, from the last LOOKBACK_DAYS, inside a bounding box of
RADIUS_M around the point (or anywhere, when no point is given). Similarity: cosine over character
bigrams of title and text (robust to jieba's segmentation of short texts), plus a bonus for the same
second-level category. Distance: haversine in metres on WGS-84."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from .models import Report

RADIUS_M = 800
LOOKBACK_DAYS = 60
MIN_SCORE = 0.22
LIMIT = 5
_NOT_HAN = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")


@dataclass(frozen=True)
class Similar:
    report: Report
    score: float
    distance_m: int | None


def bigrams(text: str) -> Counter:
    text = _NOT_HAN.sub("", text)
    return Counter(text[i:i + 2] for i in range(len(text) - 1))


def cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def find_similar(title: str, text: str, lat: float | None, lon: float | None, category=None) -> list[Similar]:
    since = timezone.now() - dt.timedelta(days=LOOKBACK_DAYS)
    candidates = Report.objects.filter(status=Report.Status.PROCESSING, created_at__gte=since).select_related("category")
    if lat is not None and lon is not None:
        dlat = RADIUS_M / 111_000
        dlon = RADIUS_M / (111_000 * max(0.1, math.cos(math.radians(lat))))
        candidates = candidates.filter(latitude__range=(Decimal(str(lat - dlat)), Decimal(str(lat + dlat))),
                                       longitude__range=(Decimal(str(lon - dlon)), Decimal(str(lon + dlon))))
    query = bigrams(f"{title}{title}{text}")
    found = []
    for report in candidates.order_by("-created_at")[:500]:
        score = cosine(query, bigrams(f"{report.title}{report.title}{report.description}"))
        if category is not None and report.category.parent_id == category.parent_id:
            score += 0.1
        metres = None
        if lat is not None and report.latitude is not None:
            metres = distance_m(lat, lon, float(report.latitude), float(report.longitude))
            if metres > RADIUS_M:
                continue
        if score >= MIN_SCORE:
            found.append(Similar(report, round(score, 3), None if metres is None else int(metres)))
    found.sort(key=lambda s: (-s.score, s.distance_m or 0))
    return found[:LIMIT]
