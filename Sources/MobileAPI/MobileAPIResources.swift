import Foundation

/// Where the contract file lives at run time.
public enum MobileAPIResources {
    public static var specificationURL: URL {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            preconditionFailure("openapi.yaml is missing from the MobileAPI bundle")
        }
        return url
    }
}
