// Compiled by scripts/check-typescript-client.sh against types openapi-typescript generates from openapi.json
// (the import "./api" is that generated file). Each @ts-expect-error must be an error, or the compile fails.
import type { components, paths } from "./api";

type CreateMeeting = paths["/meetings"]["post"]["requestBody"]["content"]["application/json"];
type SignUp = components["schemas"]["SignUpResponse"];

export const meeting: CreateMeeting = {
  title: "Livestreaming Surgery Meeting (Baoji)",
  format: "hybrid",
  startsAt: "2027-03-20T08:30:00+08:00",
  endsAt: "2027-03-20T17:30:00+08:00",
  hostHospitalId: "0190a000-0000-7000-8000-000000000002",
};

// @ts-expect-error a meeting without its required fields (title, startsAt, endsAt, hostHospitalId)
export const empty: CreateMeeting = {};

// @ts-expect-error format is a closed set
export const badFormat: CreateMeeting = { ...meeting, format: "Hybrid" };

export const token = (s: SignUp): string => s.manageToken; // required: no undefined to handle
