import { ComingSoon } from "../features/placeholders/ComingSoon";

export default function UploadsRoute() {
  return <ComingSoon title="nav.uploads" description="soon.uploads" testId="uploads-page" />;
}
