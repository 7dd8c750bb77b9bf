@performance
Feature: Latency overhead and throughput of the security layer
  What the security layer costs at a given load, so an operator can gate go-live on it (issue 7):
  the client IS sends the same requests to the provider IS directly and through the SUT, in
  alternating slices, and the difference is reported with a 95 % bootstrap interval. Each
  threshold is the scenario's unless the target profile's `performance` section sets it.
  Durations are short here; `roadtest perf` runs the full sweep.

  @sut-client @cap:soap
  Scenario: Added p99 latency of SOAP stays under the go-live gate (default 50 ms at 50 requests/s)
    When the client IS sends SOAP requests at 50 requests/s for 2 s, directly and through the SUT
    Then no exchange through the SUT failed
    And the added p99 latency stays under 50 ms

  @sut-client @cap:rest
  Scenario: Added p99 latency of REST stays under the go-live gate (default 50 ms at 50 requests/s)
    When the client IS sends REST requests at 50 requests/s for 2 s, directly and through the SUT
    Then no exchange through the SUT failed
    And the added p99 latency stays under 50 ms

  @sut-client @cap:soap
  Scenario: The SUT carries the gated SOAP throughput with 16 in flight (default 20 exchanges/s, added p50 under 100 ms)
    When the client IS sends SOAP requests with 16 in flight for 2 s, directly and through the SUT
    Then no exchange through the SUT failed
    And the SUT completes at least 20 exchanges per second
    And the added p50 latency stays under 100 ms

  @sut-client @cap:soap @cap:attachments
  Scenario: A SOAP request with a 1 MB attachment adds less than 500 ms at the median
    When the client IS sends SOAP requests with a 1024 kB attachment, 2 in flight for 2 s, directly and through the SUT
    Then no exchange through the SUT failed
    And the added p50 latency stays under 500 ms

  @sut-client @cap:soap @cap:rest
  Scenario: No errors and no latency drift over a soak
    When the client IS keeps SOAP and REST requests at 20 requests/s through the SUT for 5 s
    Then no exchange through the SUT failed
    And the p99 latency of the last second is at most 3 times that of the first second
