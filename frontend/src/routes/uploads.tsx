import { useParams } from "react-router-dom";
import { UploadsPage } from "../features/uploads/UploadsPage";

export default function UploadsRoute() {
  const { id } = useParams();
  const uploadId = id !== undefined && /^\d+$/.test(id) ? Number(id) : null;
  return <UploadsPage uploadId={uploadId} />;
}
