import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `Expect: 100-continue` with an interim `100 Continue`, so that clients which wait for it
/// before sending a large body (curl does above 1 MiB) do not stall for their fallback timeout;
/// but only when the service wants the body (``PredictionService/wantsBody(_:)``). A request the
/// head already refuses (wrong token, route, method, content type, or a declared length above the
/// limit) gets no 100: its final status comes at once, and the connection is closed once that
/// response is written, since the body the client held back may or may not follow (RFC 9110
/// §10.1.1). Hummingbird alone would keep waiting for that body until the idle timeout.
///
/// It sits after the HTTP codec and before Hummingbird's connection-state handler, so the interim
/// head does not count as a response. The request is then handled as usual.
final class ExpectContinueHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let service: PredictionService
    /// Set when a request announced a body the service refused on its head.
    private var closeAfterResponse = false

    init(service: PredictionService) { self.service = service }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case let .head(head) = unwrapInboundIn(data),
           let expect = head.headerFields[.expect], expect.lowercased() == "100-continue"
        {
            if service.wantsBody(ServiceRequest(head: head)) {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
            } else {
                closeAfterResponse = true
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard closeAfterResponse, case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        closeAfterResponse = false
        let channel = context.channel
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenComplete { _ in channel.close(promise: nil) }
        written.futureResult.cascade(to: promise)
        context.writeAndFlush(data, promise: written)
    }
}

@available(*, unavailable)
extension ExpectContinueHandler: Sendable {}
