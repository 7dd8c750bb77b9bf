Feature: Error answers give nothing away
  Scanners send every port what it does not speak. The SUT answers in X-Road's terms — a SOAP
  fault, an X-Road REST error, a plain HTTP status — or drops the connection, within a bound; its
  answers carry no stack trace, source path, runtime or framework name, and no version banner in
  Server or X-Powered-By (MESS-018, REST-011, TRANSP-017, TRANSP-003).

  @req:MESS-018 @req:REST-011 @sut-client
  Scenario Outline: <probe> sent to the client proxy gets an answer that gives nothing away
    When a scanner sends <probe> to the SUT's client proxy
    Then the SUT answered or dropped it within 10 seconds
    And the answer, if any, is an error: a 4xx or 5xx status or a SOAP fault
    And the answer shows no stack trace, source path, software name, runtime error or version banner

    Examples:
      | probe                                      |
      | a body that is not XML                     |
      | an XML body with an external entity        |
      | a truncated JSON body                      |
      | a multipart body without a boundary        |
      | a charset nobody knows                     |
      | a path that climbs out of the root         |
      | a REST path with broken percent-encoding   |
      | a query of 4000 characters                 |
      | an unknown HTTP method                     |

  @req:MESS-018 @req:TRANSP-017 @sut-provider
  Scenario Outline: <probe> sent to the SS-to-SS port gets an answer that gives nothing away
    When a scanner sends <probe> to the SUT's server proxy
    Then the SUT answered or dropped it within 10 seconds
    And the answer, if any, is an error: a 4xx or 5xx status or a SOAP fault
    And the answer shows no stack trace, source path, software name, runtime error or version banner

    Examples:
      | probe                                |
      | a body that is not XML               |
      | an XML body with an external entity  |
      | a multipart body without a boundary  |
      | a path that climbs out of the root   |
      | an unknown HTTP method               |

  @req:TRANSP-003 @sut-provider
  Scenario Outline: <probe> sent to the OCSP download port gets an answer that gives nothing away
    When a scanner sends <probe> to the SUT's OCSP download port
    Then the SUT answered or dropped it within 10 seconds
    And the answer, if any, is an error: a 4xx or 5xx status or a SOAP fault
    And the answer shows no stack trace, source path, software name, runtime error or version banner

    Examples:
      | probe                                |
      | a query of 4000 characters           |
      | a body that is not XML               |
      | a path that climbs out of the root   |

  @req:MESS-009 @sut-client @cap:is-tls
  Scenario Outline: <probe> sent to the client proxy's HTTPS port gets an answer that gives nothing away
    When a scanner sends <probe> to the SUT's client proxy HTTPS port
    Then the SUT answered or dropped it within 10 seconds
    And the answer, if any, is an error: a 4xx or 5xx status or a SOAP fault
    And the answer shows no stack trace, source path, software name, runtime error or version banner

    Examples:
      | probe                                |
      | a body that is not XML               |
      | a truncated JSON body                |
