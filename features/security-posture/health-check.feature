@health-port
Feature: The SUT's health check port tells a load balancer when the SUT cannot work
  X-Road's proxy answers on its health check port (proxy.health-check-port) with HTTP 200 while it
  can work and HTTP 500 with a plain-text reason once a check fails: the global configuration
  copy has expired ("Global configuration is expired") or the authentication key has no usable
  certificate — not within its validity, not registered, or without a fresh, good OCSP response
  ("No certificate chain available in authentication key."). Load balancers and operators rely on
  it (X-Road#804, #72). X-Road keeps a failure for 30 s after its cause is gone; the profile's
  timing.healthCheckErrorCacheSeconds says how long the SUT does, and the steps poll within that.
  Tagged health-port: needs the profile's endpoints.healthCheck, else "not applicable".

  @req:GCONF-008 @req:OCSP-008 @cap:health
  Scenario: A working SUT answers 200 on its health check port
    Then the SUT's health check port answers 200

  @req:GCONF-008 @cap:health @embedded-only
  Scenario: With an expired configuration copy the health check port answers 500 naming the global configuration, and 200 after a good download
    Given the SUT's health check port answers 200
    And the SUT holds a configuration copy that expires in 2 seconds and cannot be refreshed
    When the SUT's configuration copy has expired
    Then the SUT's health check port answers 500 with a reason mentioning "Global configuration"
    When the central server serves good configuration again
    Then the SUT's health check port answers 200 again

  @req:OCSP-005 @req:OCSP-008 @cap:health
  Scenario: Once its authentication certificate is revoked the health check port answers 500 naming the authentication key, and 200 when it is good again
    Given the SUT's health check port answers 200
    And the global configuration sets ocspFreshnessSeconds to 2
    And the OCSP responder answers for the SUT's certificates with the status revoked
    When the SUT's cached OCSP responses have aged past the freshness limit
    Then the SUT's health check port answers 500 with a reason mentioning "authentication key"
    When the OCSP responder answers normally again
    Then the SUT's health check port answers 200 again

  @req:OCSP-003 @req:OCSP-008 @cap:health
  Scenario: With only too-old OCSP responses for its authentication certificate the health check port answers 500, and 200 with fresh ones
    Given the SUT's health check port answers 200
    And the global configuration sets ocspFreshnessSeconds to 2
    And the OCSP responder answers for the SUT's certificates with good with a thisUpdate 30 seconds old
    When the SUT's cached OCSP responses have aged past the freshness limit
    Then the SUT's health check port answers 500 with a reason mentioning "authentication key"
    When the OCSP responder answers normally again
    Then the SUT's health check port answers 200 again

  @req:OCSP-008 @cap:health
  Scenario: With the OCSP responder down and its responses aged the health check port answers 500, and 200 once the responder is back
    Given the SUT's health check port answers 200
    And the global configuration sets ocspFreshnessSeconds to 2
    And the OCSP responder is down
    When the SUT's cached OCSP responses have aged past the freshness limit
    Then the SUT's health check port answers 500 with a reason mentioning "authentication key"
    When the OCSP responder answers normally again
    Then the SUT's health check port answers 200 again
