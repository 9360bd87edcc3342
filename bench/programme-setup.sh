#!/usr/bin/env bash
# Adds a realistic programme (two live cases, a lecture, a discussion) to the bench meeting.
# Args: BASE ORG_KEY MEETING HOSPITAL FACULTY1 FACULTY2 START
set -euo pipefail
BASE=$1 ORG=$2 M=$3 H=$4 F1=$5 F2=$6 START=$7
at() { python3 -c "import datetime as d,sys; print((d.datetime.fromisoformat('$START')+d.timedelta(minutes=int(sys.argv[1]))).isoformat())" "$1"; }
slot() { curl -sS --fail-with-body -X POST "$BASE/meetings/$M/slots" -H "X-Api-Key: $ORG" -H "Content-Type: application/json" -d "$1" >/dev/null; }
slot "{\"kind\":\"surgery_demo\",\"title\":\"Laparoscopic right hepatectomy with portal vein thrombectomy\",\"startsAt\":\"$(at 0)\",\"endsAt\":\"$(at 150)\",
  \"procedure\":\"laparoscopic right hepatectomy combined with thrombectomy, suture and reconstruction of the right portal vein\",\"approach\":\"laparoscopic\",
  \"operatingSurgeons\":[{\"facultyId\":\"$F1\",\"role\":\"lead\"}],\"originHospitalId\":\"$H\",\"consentRecorded\":true,\"consentReference\":\"CONSENT-1\",\"moderatorIds\":[\"$F2\"]}"
slot "{\"kind\":\"lecture\",\"title\":\"Key points of laparoscopic liver surgery\",\"startsAt\":\"$(at 150)\",\"endsAt\":\"$(at 210)\",\"speakerIds\":[\"$F2\"]}"
slot "{\"kind\":\"discussion\",\"title\":\"Case review and discussion\",\"startsAt\":\"$(at 330)\",\"endsAt\":\"$(at 480)\",\"moderatorIds\":[\"$F2\"],\"speakerIds\":[\"$F1\"]}"
