# Shared by the bench scripts that sign up to one plain meeting (source it after setting BASE and ADMIN_KEY).

# One field of the JSON on stdin, e.g. json '["id"]'.
json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }

# POST a JSON body as the bootstrap admin.
post() { curl -sS --fail-with-body -X POST "$BASE$1" -H "X-Api-Key: $ADMIN_KEY" -H 'Content-Type: application/json' -d "$2"; }

# A published hybrid meeting 30 days ahead with a million seats in person and unlimited online; prints its id.
setup_meeting() {
  local h start end m
  h=$(post /hospitals '{"name":"Bench Hospital","city":"Hanzhong","province":"Shaanxi","allianceRole":"member"}' | json '["id"]')
  start=$(python3 -c "import datetime as d; print((d.datetime.now(d.timezone.utc)+d.timedelta(days=30)).replace(hour=0,minute=30,second=0,microsecond=0).isoformat())")
  end=$(python3 -c "import datetime as d; print((d.datetime.now(d.timezone.utc)+d.timedelta(days=30)).replace(hour=9,minute=30,second=0,microsecond=0).isoformat())")
  m=$(post /meetings "{\"title\":\"Bench meeting\",\"format\":\"hybrid\",\"startsAt\":\"$start\",\"endsAt\":\"$end\",
      \"city\":\"Hanzhong\",\"province\":\"Shaanxi\",\"venue\":{\"name\":\"Hall\"},\"stream\":{\"platform\":\"p\",\"url\":\"https://live.example.org/b\"},
      \"hostHospitalId\":\"$h\",\"inPersonCapacity\":1000000,\"onlineCapacity\":null}" | json '["id"]')
  post "/meetings/$m/publish" '' >/dev/null
  echo "$m"
}
