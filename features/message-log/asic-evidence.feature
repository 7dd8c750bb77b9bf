Feature: Every exchange can be taken out of the SUT as signed, time-stamped evidence
  The SUT logs each request and response it passes with its signature, keyed by the query id and
  the client (LOG-001), and hands them out at /asic as ASiC-E containers (LOG-002, LOG-004).
  roadtest checks the containers with its own verifier, as X-Road's AsicContainerVerifier would,
  against the trust of the instance — never by trusting the SUT — and checks that they hold
  exactly the bytes that were exchanged.

  @req:LOG-001 @req:LOG-002 @req:LOG-004 @cap:soap @cap:asic
  Scenario Outline: A SOAP exchange comes back from /asic as one request and one response container that verify
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
    When the client IS downloads the /asic evidence of that exchange
    Then the /asic answer is an application/zip holding 1 request and 1 response container
    And every downloaded container verifies against the instance's trust
    And the request container's message.xml is the SOAP request the client IS sent, byte for byte
    And the response container's message.xml is the SOAP response the client IS received, byte for byte
    And a copy of the request container with one byte of message.xml changed fails that verification

    @sut-client
    Examples: the SUT as the client's security server
      | side   |
      | client |

    @sut-provider
    Examples: the SUT as the provider's security server
      | side     |
      | provider |

  @req:LOG-001 @req:LOG-002 @req:LOG-004 @cap:rest @cap:asic
  Scenario Outline: A REST exchange is logged with its header part as message.xml and its bodies as attachment1
    When the client IS calls the REST service "pets" with POST "/pets?kind=cat" and the body "{\"name\":\"Tom\"}"
    Then the client IS receives a REST response with status 200
    When the client IS downloads the /asic evidence of that exchange
    Then the /asic answer is an application/zip holding 1 request and 1 response container
    And every downloaded container verifies against the instance's trust
    And the request container holds the REST request line and headers as message.xml and the body sent as attachment1
    And the response container holds the body the client IS received as attachment1

    @sut-client
    Examples: the SUT as the client's security server
      | side   |
      | client |

    @sut-provider
    Examples: the SUT as the provider's security server
      | side     |
      | provider |

  @req:LOG-002 @req:LOG-004 @sut-client @cap:soap @cap:asic
  Scenario Outline: /asic narrows the download with <options>
    When the client IS sends a SOAP request for "echo"
    Then the client IS receives a successful SOAP response
    When the client IS downloads the /asic evidence of that exchange with "<options>"
    Then the /asic answer is <answer>
    And every downloaded container verifies against the instance's trust

    Examples:
      | options              | answer                                                          |
      | requestOnly          | an application/zip holding 1 request and 0 response containers  |
      | responseOnly         | an application/zip holding 0 request and 1 response container   |
      | requestOnly unique   | a single ASiC container of the request                          |
      | responseOnly unique  | a single ASiC container of the response                         |

  @req:LOG-002 @req:TSA-003 @sut-client @cap:soap @cap:asic
  Scenario: Without force the evidence becomes available once the SUT's batch time-stamping has run
    The other scenarios download with `force`; this one waits for the SUT's own time-stamping,
    which runs every timeStampingIntervalSeconds of the global configuration.
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
    When the client IS sends a SOAP request for "echo"
    And the client IS downloads the /asic evidence of that exchange once the SUT has time-stamped it on its own
    Then the /asic answer is an application/zip holding 1 request and 1 response container
    And every downloaded container verifies against the instance's trust

  @req:LOG-001 @req:LOG-002 @sut-provider @cap:soap @cap:asic
  Scenario: Two exchanges that reuse one query id are logged as separate records
    When the client IS sends 2 SOAP requests for "getRandom" with the same message id
    And the client IS downloads the /asic evidence of that exchange
    Then the /asic answer is an application/zip holding 2 request and 2 response containers
    And every downloaded container verifies against the instance's trust

  @req:LOG-001 @req:LOG-003 @sut-client @cap:soap @cap:asic
  Scenario: The evidence of an exchange is filed under its client, not under anyone who knows the query id
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
    When the client IS asks /asic for that exchange "as another client"
    Then the /asic answer is 404 with a plain-text reason

  @req:LOG-002 @req:LOG-003 @req:LOG-004 @sut-client @cap:soap @cap:asic
  Scenario: Evidence that is not time-stamped yet is refused unless force stamps it, and force needs a working TSA
    Given the TSA refuses to time-stamp
    When the client IS sends a SOAP request for "getRandom"
    Then the client IS receives a successful SOAP response
    When the client IS asks /asic for that exchange "without force"
    Then the /asic answer is 500 with a plain-text reason mentioning "timestamped"
    When the client IS asks /asic for that exchange "with force"
    Then the /asic answer is 500 with a plain-text reason
    When the TSA time-stamps again
    And the client IS asks /asic for that exchange "with force"
    Then the /asic answer is an application/zip holding 1 request and 1 response container
    And every downloaded container verifies against the instance's trust
