Feature: The SUT's OCSP download role serves the responses for its authentication chain
  A consumer that lacks a fresh OCSP response for the provider's auth certificate asks the
  provider's security server on port 5577: GET /?cert=<hex SHA-1>&..., optionally with
  cert_hash=<hex SHA-256>; the answer is multipart/related with one application/ocsp-response
  per certificate, in the order asked. HEAD is a liveness probe; an unknown certificate is a 500
  (TRANSP-003).

  @req:TRANSP-003 @sut-provider
  Scenario: The download role answers with a good response for the SUT's authentication certificate
    When the harness asks the SUT's OCSP download role for "its authentication certificate"
    Then the download role answers 200 with one OCSP response per certificate asked, in order

  @req:TRANSP-003 @sut-provider
  Scenario Outline: Several certificates are answered in the order they were asked: <certificates>
    When the harness asks the SUT's OCSP download role for "<certificates>"
    Then the download role answers 200 with one OCSP response per certificate asked, in order

    Examples:
      | certificates                                            |
      | its authentication certificate, its signing certificate |
      | its signing certificate, its authentication certificate |

  @req:TRANSP-003 @sut-provider
  Scenario: A request with both cert and cert_hash parameters is answered by the SHA-1 cert parameter
    When the harness asks the SUT's OCSP download role for "its authentication certificate" with cert_hash parameters too
    Then the download role answers 200 with one OCSP response per certificate asked, in order

  @req:TRANSP-003 @sut-provider
  Scenario: HEAD is a liveness probe
    When the harness sends HEAD to the SUT's OCSP download role
    Then the download role answers with HTTP status 200

  @req:TRANSP-003 @sut-provider
  Scenario: A certificate the SUT does not know is answered with HTTP 500
    When the harness asks the SUT's OCSP download role for "a certificate it does not know"
    Then the download role answers with HTTP status 500
